import type { AppConfig } from '../config/load-config.js';

type CookieConfig = Pick<AppConfig, 'publicUrl'>;

function isHttps(config: CookieConfig): boolean {
  return config.publicUrl.startsWith('https://');
}

/**
 * Behind HTTPS the `__Host-` prefix makes the browser refuse the cookie unless it is Secure,
 * Path=/ and has no Domain, so a sibling subdomain cannot plant or overwrite it.
 */
export function sessionCookieName(config: CookieConfig): string {
  return isHttps(config) ? '__Host-clienthub_session' : 'clienthub_session';
}

/** Parses a Cookie request header (RFC 6265 §5.4); the first of duplicate names wins, as browsers send the most specific first. */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!name || cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

export function readSessionCookie(config: CookieConfig, cookieHeader: string | undefined): string | undefined {
  return parseCookieHeader(cookieHeader).get(sessionCookieName(config));
}

/** Set-Cookie for a session id (base64url, so it needs no encoding). */
export function serializeSessionCookie(config: CookieConfig, sessionId: string, maxAgeSeconds: number): string {
  const parts = [`${sessionCookieName(config)}=${sessionId}`, 'Path=/', `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`, 'HttpOnly', 'SameSite=Lax'];
  if (isHttps(config)) parts.push('Secure');
  return parts.join('; ');
}

/** Set-Cookie that makes the browser drop the session cookie. */
export function serializeClearedSessionCookie(config: CookieConfig): string {
  return serializeSessionCookie(config, '', 0);
}
