import type { AppConfig } from '../config/load-config.js';
import { escapeHtml } from '../http/escape-html.js';

/** What every email carries of the business: its name, logo and colour (config `portal`, CLIENTHUB_*). */
export interface EmailBranding {
  businessName: string;
  logoUrl?: string;
  primaryColor?: string;
}

export function emailBrandingOf(config: Pick<AppConfig, 'businessName' | 'portal'>): EmailBranding {
  return { businessName: config.businessName, logoUrl: config.portal.logoUrl, primaryColor: config.portal.primaryColor };
}

/** The logo (with the business name as its text alternative), or nothing. */
export function emailLogoHtml(branding: EmailBranding): string {
  return branding.logoUrl
    ? `<p><img src="${escapeHtml(branding.logoUrl)}" alt="${escapeHtml(branding.businessName)}" height="40" style="height:40px;width:auto;border:0"></p>\n`
    : '';
}

/** A button-like link in the business's colour (already checked for contrast with white text). */
export function emailButtonHtml(branding: EmailBranding, href: string, label: string): string {
  const color = branding.primaryColor ?? '#1d4ed8';
  return `<p><a href="${escapeHtml(href)}" style="display:inline-block;padding:10px 16px;background:${color};color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(label)}</a></p>`;
}
