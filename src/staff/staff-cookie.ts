import type { AppConfig } from '../config/load-config.js';
import { parseCookieHeader } from '../auth/session-cookie.js';

type CookieConfig = Pick<AppConfig, 'publicUrl'>;
const isHttps = (config: CookieConfig) => config.publicUrl.startsWith('https://');

/**
 * The staff console's own cookie, never the portal's: `__Host-staff` behind HTTPS (Secure, Path=/,
 * no Domain, so a sibling subdomain cannot plant it), `clienthub_staff` on plain-HTTP development.
 */
export function staffCookieName(config: CookieConfig): string {
  return isHttps(config) ? '__Host-staff' : 'clienthub_staff';
}

export function readStaffCookie(config: CookieConfig, cookieHeader: string | undefined): string | undefined {
  return parseCookieHeader(cookieHeader).get(staffCookieName(config));
}

export function serializeStaffCookie(config: CookieConfig, sessionId: string, maxAgeSeconds: number): string {
  const parts = [`${staffCookieName(config)}=${sessionId}`, 'Path=/', `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`, 'HttpOnly', 'SameSite=Lax'];
  if (isHttps(config)) parts.push('Secure');
  return parts.join('; ');
}

export function serializeClearedStaffCookie(config: CookieConfig): string {
  return serializeStaffCookie(config, '', 0);
}
