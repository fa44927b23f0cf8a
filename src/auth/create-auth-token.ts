import type { Db } from '../db/open-database.js';
import { hashToken, randomToken } from '../crypto/tokens.js';

export type AuthTokenPurpose = 'invitation' | 'sign_in';

/** Invitations live for days (people read mail late); sign-in links 10 minutes at most (OWASP ASVS 5.0 §6.5). */
export const TOKEN_LIFETIME_MS: Record<AuthTokenPurpose, number> = {
  invitation: 7 * 24 * 3600_000,
  sign_in: 10 * 60_000,
};

/**
 * Issues a single-use link token for a portal user and returns the token (only its keyed hash is stored).
 * Issuing a new token of a purpose revokes that user's earlier unused ones: a re-sent link invalidates the old.
 */
export function createAuthToken(
  db: Db,
  signingKey: Buffer,
  userId: number,
  purpose: AuthTokenPurpose,
  now = Date.now(),
  /** browserHash: the keyed hash of the nonce cookie of the browser that asked for this link (see link-browser-cookie.ts). */
  options: { browserHash?: string } = {},
): string {
  const token = randomToken();
  db.prepare(
    `UPDATE auth_tokens SET revoked_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL AND revoked_at IS NULL`,
  ).run(now, userId, purpose);
  db.prepare(
    `INSERT INTO auth_tokens (token_hash, user_id, purpose, created_at, expires_at, browser_hash) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(hashToken(signingKey, token), userId, purpose, now, now + TOKEN_LIFETIME_MS[purpose], options.browserHash ?? null);
  return token;
}

/** The link a person clicks: it opens a confirmation page, and only its POST signs in (mail scanners prefetch GETs). */
export function authLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/auth/link/${encodeURIComponent(token)}`;
}
