import type { Db } from '../db/open-database.js';
import { hashToken } from '../crypto/tokens.js';

export interface LinkBinding {
  /** Hash of the nonce cookie of the browser that asked for the link; null for unbound links. */
  browserHash: string | null;
  /** The address the link was sent to: who opens it elsewhere must type it. */
  email: string;
  userId: number;
}

/**
 * Looks at a link without using it: whether it is bound to a browser. Only links that could still
 * sign in are returned; for any other, the caller lets consumeAuthToken fail (and audit) as usual.
 */
export function readLinkBinding(db: Db, signingKey: Buffer, token: string, now: number): LinkBinding | null {
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
  return (
    (db
      .prepare(
        `SELECT t.browser_hash AS browserHash, u.email, u.id AS userId FROM auth_tokens t JOIN portal_users u ON u.id = t.user_id
         WHERE t.token_hash = ? AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > ?`,
      )
      .get(hashToken(signingKey, token), now) as LinkBinding | undefined) ?? null
  );
}
