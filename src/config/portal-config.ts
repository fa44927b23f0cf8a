/**
 * The portal's sign-in policy and branding, from the config file's `portal` section and the
 * environment (PORTAL_SIGN_IN, PORTAL_REQUIRE_2FA, CLIENTHUB_LOGO_URL, CLIENTHUB_PRIMARY_COLOR).
 * Branding is validated here, at start, so a typo never reaches a page or an email.
 */
import { parseClamavAddress } from './parse-clamav-address.js';
import { z } from 'zod';

export const SIGN_IN_POLICIES = ['magic_link', 'password', 'either'] as const;
export type SignInPolicy = (typeof SIGN_IN_POLICIES)[number];

export interface PortalConfig {
  /** magic_link: emailed links only (the default); password: a password, links only to reset it; either: both. */
  signIn: SignInPolicy;
  /** Every portal user must enrol TOTP two-factor before seeing anything. */
  requireTwoFactor: boolean;
  /** An absolute http(s) URL of the business's logo, shown in the header and in emails. */
  logoUrl: string | undefined;
  /** #rrggbb; links and buttons. Must keep 4.5:1 contrast with white (WCAG AA), both ways round. */
  primaryColor: string;
  /**
   * The portal roles that may answer approvals (PORTAL_APPROVAL_ROLES, comma-separated; the file's
   * `approvalRoles`). Administrators only by default: an approval signs something off for the company.
   */
  approvalRoles: ApprovalRole[];
  /** Whether the billing role also sees and writes Messages (PORTAL_BILLING_MESSAGES; the file's `billingMessages`). Off by default. */
  billingMessages: boolean;
  /** The largest document the hub streams to a client (PORTAL_DOCUMENT_MAX_BYTES; 50 MiB). */
  documentMaxBytes: number;
  /** How long one document download may take end to end (PORTAL_DOCUMENT_TIMEOUT_MS; 2 minutes). */
  documentTimeoutMs: number;
  /** The largest file a client may upload (PORTAL_UPLOAD_MAX_BYTES; 25 MiB). */
  uploadMaxBytes: number;
  /** clamd's host[:port] (CLAMAV_HOST): every upload is scanned and refused unless clean; unset, uploads are checked by content only. */
  clamavHost: string | null;
}

function positiveInteger(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

export const APPROVAL_ROLE_NAMES = ['client_admin', 'member'] as const;
export type ApprovalRole = (typeof APPROVAL_ROLE_NAMES)[number];

/** Which roles answer approvals; billing sees no project work, so it cannot be one of them. */
export function parseApprovalRoles(value: string | string[] | undefined): ApprovalRole[] | undefined {
  if (value === undefined || value === '') return undefined;
  const names = (Array.isArray(value) ? value : value.split(',')).map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(APPROVAL_ROLE_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) throw new Error(`PORTAL_APPROVAL_ROLES must list client_admin and/or member, got "${String(value)}"`);
  return [...new Set(names)] as ApprovalRole[];
}

export const portalFileSchema = z
  .object({
    signIn: z.enum(SIGN_IN_POLICIES).optional(),
    requireTwoFactor: z.boolean().optional(),
    logoUrl: z.string().optional(),
    primaryColor: z.string().optional(),
    approvalRoles: z.array(z.string()).optional(),
    billingMessages: z.boolean().optional(),
  })
  .strict();

export const DEFAULT_PRIMARY_COLOR = '#1d4ed8';

/** WCAG 2 relative luminance of an #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

export function contrastWithWhite(hex: string): number {
  return 1.05 / (relativeLuminance(hex) + 0.05);
}

export function parsePrimaryColor(value: string | undefined): string {
  if (value === undefined || value === '') return DEFAULT_PRIMARY_COLOR;
  const color = value.trim().toLowerCase();
  if (!/^#[0-9a-f]{6}$/.test(color)) throw new Error(`CLIENTHUB_PRIMARY_COLOR must be a colour like #1d4ed8, got "${value}"`);
  // White button text on it and links in it on white pages must both stay readable.
  const ratio = contrastWithWhite(color);
  if (ratio < 4.5) throw new Error(`CLIENTHUB_PRIMARY_COLOR ${color} has a contrast of ${ratio.toFixed(2)}:1 with white; choose a darker colour (at least 4.5:1)`);
  return color;
}

export function parseLogoUrl(value: string | undefined, publicUrl: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`CLIENTHUB_LOGO_URL must be an absolute URL, got "${value}"`);
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (local || !publicUrl.startsWith('https://')))) {
    throw new Error(`CLIENTHUB_LOGO_URL must be an https:// URL, got "${value}"`);
  }
  if (url.username || url.password) throw new Error('CLIENTHUB_LOGO_URL must not carry credentials');
  if (value.length > 2048) throw new Error('CLIENTHUB_LOGO_URL is too long');
  return url.href;
}

function parseSignIn(value: string | undefined): SignInPolicy | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(SIGN_IN_POLICIES as readonly string[]).includes(value)) throw new Error(`PORTAL_SIGN_IN must be magic_link, password or either, got "${value}"`);
  return value as SignInPolicy;
}

export function loadPortalConfig(
  env: Record<string, string | undefined>,
  file: z.infer<typeof portalFileSchema> | undefined,
  publicUrl: string,
  boolFrom: (name: string) => boolean | undefined,
): PortalConfig {
  return {
    signIn: parseSignIn(env.PORTAL_SIGN_IN) ?? file?.signIn ?? 'magic_link',
    requireTwoFactor: boolFrom('PORTAL_REQUIRE_2FA') ?? file?.requireTwoFactor ?? false,
    logoUrl: parseLogoUrl(env.CLIENTHUB_LOGO_URL || file?.logoUrl, publicUrl),
    primaryColor: parsePrimaryColor(env.CLIENTHUB_PRIMARY_COLOR || file?.primaryColor),
    approvalRoles: parseApprovalRoles(env.PORTAL_APPROVAL_ROLES) ?? parseApprovalRoles(file?.approvalRoles) ?? ['client_admin'],
    billingMessages: boolFrom('PORTAL_BILLING_MESSAGES') ?? file?.billingMessages ?? false,
    documentMaxBytes: positiveInteger(env, 'PORTAL_DOCUMENT_MAX_BYTES', 50 * 1024 * 1024),
    documentTimeoutMs: positiveInteger(env, 'PORTAL_DOCUMENT_TIMEOUT_MS', 120_000),
    uploadMaxBytes: positiveInteger(env, 'PORTAL_UPLOAD_MAX_BYTES', 25 * 1024 * 1024),
    clamavHost: parseClamavHost(env.CLAMAV_HOST),
  };
}

/** CLAMAV_HOST as given (checked here, so a wrong one stops the start, not the first upload); unset, null. */
function parseClamavHost(value: string | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  parseClamavAddress(text);
  return text;
}
