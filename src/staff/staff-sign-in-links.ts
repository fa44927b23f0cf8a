import type { Queryable } from '../store/store.js';
import { hashToken, randomToken } from '../crypto/tokens.js';
import { TOKEN_LIFETIME_MS } from '../auth/create-auth-token.js';
import { insertStaffAuthToken } from '../store/staff/insert-staff-auth-token.js';
import { findStaffLinkBinding } from '../store/staff/find-staff-link-binding.js';
import { useStaffAuthToken } from '../store/staff/use-staff-auth-token.js';
import { revokeStaffAuthTokens } from '../store/staff/revoke-staff-auth-tokens.js';
import { findStaffAuthTokenState } from '../store/staff/find-staff-auth-token-state.js';
import { findStaffUser } from '../store/staff/find-staff-user.js';

/** Staff sign-in links live as long as the portal's: 10 minutes (OWASP ASVS 5.0 §6.5). */
export const STAFF_LINK_LIFETIME_MS = TOKEN_LIFETIME_MS.sign_in;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

/** The link a staff member clicks: a confirmation page whose button POSTs (mail scanners prefetch GETs). */
export function staffLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/staff/auth/link/${encodeURIComponent(token)}`;
}

/**
 * Issues a single-use sign-in token for a staff user; returns the token. Earlier links stay valid
 * until they expire or one of them is used: if a new request revoked them, anyone who knows a staff
 * address could keep that person out by asking again and again. (Requests are throttled, see
 * requestStaffSignIn; using any one link retires the others, see consumeStaffSignInToken.)
 */
export async function createStaffSignInToken(
  q: Queryable,
  signingKey: Buffer,
  staffUserId: number,
  now = Date.now(),
  /** The keyed hash of the asking browser's nonce cookie (src/auth/link-browser-cookie.ts); none for printed links. */
  options: { browserHash?: string } = {},
): Promise<string> {
  const token = randomToken();
  await insertStaffAuthToken(q, { tokenHash: hashToken(signingKey, token), staffUserId, createdAt: now, expiresAt: now + STAFF_LINK_LIFETIME_MS, browserHash: options.browserHash ?? null });
  return token;
}

export interface StaffLinkBinding {
  /** Hash of the nonce cookie of the browser that asked for the link; null for unbound (printed) links. */
  browserHash: string | null;
  /** The address the link was sent to: who opens it elsewhere must type it. */
  email: string;
  staffUserId: number;
}

/** Looks at a staff link without using it (see readLinkBinding for the portal's): only links that could still sign in. */
export async function readStaffLinkBinding(q: Queryable, signingKey: Buffer, token: string, now: number): Promise<StaffLinkBinding | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  return findStaffLinkBinding(q, hashToken(signingKey, token), now);
}

export type StaffLinkFailure = 'malformed' | 'unknown' | 'used' | 'revoked' | 'expired' | 'user_disabled';
export type StaffLinkResult = { ok: true; staffUserId: number; workspaceId: number } | { ok: false; reason: StaffLinkFailure; staffUserId: number | null };

/**
 * Uses a staff sign-in token once: the conditional UPDATE is the single-use guarantee (two
 * concurrent clicks cannot both flip used_at). A disabled staff member's token stays unused; a used
 * one revokes the user's other unused links. Call it with the caller's transaction so the sign-in
 * and its audit rows commit together.
 */
export async function consumeStaffSignInToken(q: Queryable, signingKey: Buffer, token: string, now = Date.now()): Promise<StaffLinkResult> {
  if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'malformed', staffUserId: null };
  const tokenHash = hashToken(signingKey, token);
  const staffUserId = await useStaffAuthToken(q, tokenHash, now);
  if (staffUserId !== null) {
    // The person is in: the other links still in their mailbox have done their job.
    await revokeStaffAuthTokens(q, staffUserId, now);
    const user = await findStaffUser(q, staffUserId);
    if (!user) throw new Error(`staff user ${staffUserId} of a used link is gone`);
    return { ok: true, staffUserId, workspaceId: user.workspaceId };
  }
  const row = await findStaffAuthTokenState(q, tokenHash);
  if (!row) return { ok: false, reason: 'unknown', staffUserId: null };
  const reason: StaffLinkFailure = row.usedAt != null ? 'used' : row.revokedAt != null ? 'revoked' : row.expiresAt <= now ? 'expired' : 'user_disabled';
  return { ok: false, reason, staffUserId: row.staffUserId };
}
