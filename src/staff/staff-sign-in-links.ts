import type { Db } from '../db/open-database.js';
import { hashToken, randomToken } from '../crypto/tokens.js';
import { TOKEN_LIFETIME_MS } from '../auth/create-auth-token.js';

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
export function createStaffSignInToken(
  db: Db,
  signingKey: Buffer,
  staffUserId: number,
  now = Date.now(),
  /** The keyed hash of the asking browser's nonce cookie (src/auth/link-browser-cookie.ts); none for printed links. */
  options: { browserHash?: string } = {},
): string {
  const token = randomToken();
  db.prepare('INSERT INTO staff_auth_tokens (token_hash, staff_user_id, created_at, expires_at, browser_hash) VALUES (?, ?, ?, ?, ?)').run(
    hashToken(signingKey, token),
    staffUserId,
    now,
    now + STAFF_LINK_LIFETIME_MS,
    options.browserHash ?? null,
  );
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
export function readStaffLinkBinding(db: Db, signingKey: Buffer, token: string, now: number): StaffLinkBinding | null {
  if (!TOKEN_SHAPE.test(token)) return null;
  return (
    (db
      .prepare(
        `SELECT t.browser_hash AS browserHash, u.email, u.id AS staffUserId FROM staff_auth_tokens t JOIN staff_users u ON u.id = t.staff_user_id
         WHERE t.token_hash = ? AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > ? AND u.status = 'active'`,
      )
      .get(hashToken(signingKey, token), now) as StaffLinkBinding | undefined) ?? null
  );
}

export type StaffLinkFailure = 'malformed' | 'unknown' | 'used' | 'revoked' | 'expired' | 'user_disabled';
export type StaffLinkResult = { ok: true; staffUserId: number; workspaceId: number } | { ok: false; reason: StaffLinkFailure; staffUserId: number | null };

/**
 * Uses a staff sign-in token once: the conditional UPDATE is the single-use guarantee (two
 * concurrent clicks cannot both flip used_at). A disabled staff member's token stays unused; a used
 * one revokes the user's other unused links.
 */
export function consumeStaffSignInToken(db: Db, signingKey: Buffer, token: string, now = Date.now()): StaffLinkResult {
  if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'malformed', staffUserId: null };
  const tokenHash = hashToken(signingKey, token);
  return db.transaction((): StaffLinkResult => {
    const used = db
      .prepare(
        `UPDATE staff_auth_tokens SET used_at = ?
         WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
           AND staff_user_id IN (SELECT id FROM staff_users WHERE status = 'active')
         RETURNING staff_user_id AS staffUserId`,
      )
      .get(now, tokenHash, now) as { staffUserId: number } | undefined;
    if (used) {
      // The person is in: the other links still in their mailbox have done their job.
      db.prepare('UPDATE staff_auth_tokens SET revoked_at = ? WHERE staff_user_id = ? AND used_at IS NULL AND revoked_at IS NULL').run(now, used.staffUserId);
      const { workspaceId } = db.prepare('SELECT workspace_id AS workspaceId FROM staff_users WHERE id = ?').get(used.staffUserId) as { workspaceId: number };
      return { ok: true, staffUserId: used.staffUserId, workspaceId };
    }
    const row = db
      .prepare(
        `SELECT t.used_at AS usedAt, t.revoked_at AS revokedAt, t.expires_at AS expiresAt, u.id AS staffUserId, u.status
         FROM staff_auth_tokens t JOIN staff_users u ON u.id = t.staff_user_id WHERE t.token_hash = ?`,
      )
      .get(tokenHash) as { usedAt: number | null; revokedAt: number | null; expiresAt: number; staffUserId: number; status: string } | undefined;
    if (!row) return { ok: false, reason: 'unknown', staffUserId: null };
    const reason: StaffLinkFailure = row.usedAt != null ? 'used' : row.revokedAt != null ? 'revoked' : row.expiresAt <= now ? 'expired' : 'user_disabled';
    return { ok: false, reason, staffUserId: row.staffUserId };
  })();
}
