import type { AppConfig } from '../config/load-config.js';

/** `__Host-` pins the cookie to this exact host over HTTPS (no Domain, Path=/, Secure): used whenever PUBLIC_URL is https. */
export function sessionCookieName(config: AppConfig): string {
  return isSecure(config) ? '__Host-clienthub_session' : 'clienthub_session';
}

export function isSecure(config: AppConfig): boolean {
  return config.publicUrl.startsWith('https://');
}

export function serializeSessionCookie(config: AppConfig, value: string, maxAgeSeconds: number): string {
  const parts = [`${sessionCookieName(config)}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (isSecure(config)) parts.push('Secure');
  return parts.join('; ');
}

export function clearSessionCookie(config: AppConfig): string {
  return serializeSessionCookie(config, '', 0);
}

/** Reads one cookie from a Cookie header without a parsing dependency. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
