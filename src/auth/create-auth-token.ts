import type { Queryable } from '../store/store.js';
import { revokeAuthTokens } from '../store/auth/revoke-auth-tokens.js';
import { insertAuthToken } from '../store/auth/insert-auth-token.js';
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
export async function createAuthToken(
  q: Queryable,
  signingKey: Buffer,
  userId: number,
  purpose: AuthTokenPurpose,
  now = Date.now(),
  /** browserHash: the keyed hash of the nonce cookie of the browser that asked for this link (see link-browser-cookie.ts). */
  options: { browserHash?: string } = {},
): Promise<string> {
  const token = randomToken();
  await revokeAuthTokens(q, userId, now, purpose);
  await insertAuthToken(q, { tokenHash: hashToken(signingKey, token), userId, purpose, createdAt: now, expiresAt: now + TOKEN_LIFETIME_MS[purpose], browserHash: options.browserHash ?? null });
  return token;
}

/** The link a person clicks: it opens a confirmation page, and only its POST signs in (mail scanners prefetch GETs). */
export function authLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/auth/link/${encodeURIComponent(token)}`;
}
