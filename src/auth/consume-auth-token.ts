import type { Db } from '../db/open-database.js';
import { hashToken } from '../crypto/tokens.js';

export type ConsumeResult = { ok: true; userId: number; clientId: number; purpose: 'invitation' | 'sign_in' } | { ok: false };

/**
 * Uses a link token once: the conditional update is the single-use guarantee, so two
 * concurrent clicks cannot both sign in. Expired, revoked, used, unknown tokens, disabled
 * users and off-boarded clients all fail the same way (the answer reveals nothing).
 * Call inside a write transaction.
 */
export function consumeAuthToken(db: Db, signingKey: Buffer, token: string, now = Date.now()): ConsumeResult {
  const row = db
    .prepare(
      `UPDATE auth_tokens SET used_at = ?
       WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
         AND user_id IN (SELECT u.id FROM portal_users u JOIN clients c ON c.id = u.client_id WHERE u.status != 'disabled' AND c.status = 'active')
       RETURNING user_id AS userId, purpose`,
    )
    .get(now, hashToken(signingKey, token), now) as { userId: number; purpose: 'invitation' | 'sign_in' } | undefined;
  if (!row) return { ok: false };
  db.prepare(`UPDATE portal_users SET status = 'active', last_sign_in_at = ? WHERE id = ?`).run(now, row.userId);
  const { client_id: clientId } = db.prepare('SELECT client_id FROM portal_users WHERE id = ?').get(row.userId) as { client_id: number };
  return { ok: true, userId: row.userId, clientId, purpose: row.purpose };
}
