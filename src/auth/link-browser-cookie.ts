/**
 * Binding a sign-in link to the browser that asked for it (OWASP ASVS 5.0 §6.5: "bound to the
 * device"): asking for a link sets a random nonce in a short-lived HttpOnly cookie, and the link's
 * row keeps a keyed hash of it. Used in that same browser, the link signs in with one press. Opened
 * elsewhere (the mail app's own browser, another device, someone the mail was forwarded to), it asks
 * for one more step: typing the email address the link was sent to (see portal-ui/routes/auth-link-routes.ts).
 * Invitation links and links staff send have no binding: nobody asked for them from a browser.
 */
import type { AppConfig } from '../config/load-config.js';
import { constantTimeEqual, hashToken, randomToken } from '../crypto/tokens.js';
import { parseCookieHeader } from './session-cookie.js';
import { TOKEN_LIFETIME_MS } from './create-auth-token.js';

type CookieConfig = Pick<AppConfig, 'publicUrl'>;

export function linkBrowserCookieName(config: CookieConfig): string {
  return config.publicUrl.startsWith('https://') ? '__Host-clienthub_link' : 'clienthub_link';
}

export function newLinkBrowserNonce(): string {
  return randomToken();
}

export function hashLinkBrowserNonce(signingKey: Buffer, nonce: string): string {
  return hashToken(signingKey, `link-browser:${nonce}`);
}

/** Lives as long as the link it belongs to, no longer. */
export function serializeLinkBrowserCookie(config: CookieConfig, nonce: string): string {
  const parts = [`${linkBrowserCookieName(config)}=${nonce}`, 'Path=/', `Max-Age=${TOKEN_LIFETIME_MS.sign_in / 1000}`, 'HttpOnly', 'SameSite=Lax'];
  if (config.publicUrl.startsWith('https://')) parts.push('Secure');
  return parts.join('; ');
}

export function readLinkBrowserNonce(config: CookieConfig, cookieHeader: string | undefined): string | undefined {
  const value = parseCookieHeader(cookieHeader).get(linkBrowserCookieName(config));
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

/** Whether this browser's nonce is the one the link was asked for with. */
export function isSameBrowser(signingKey: Buffer, storedHash: string, nonce: string | undefined): boolean {
  return nonce !== undefined && constantTimeEqual(hashLinkBrowserNonce(signingKey, nonce), storedHash);
}
