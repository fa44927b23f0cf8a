import type { Db } from '../db/open-database.js';
import { hashToken } from '../crypto/tokens.js';
import type { AuthTokenPurpose } from './create-auth-token.js';

/** Why a link did not work: for the audit log only, never shown to the person holding the link. */
export type ConsumeFailure = 'malformed' | 'unknown' | 'used' | 'revoked' | 'expired' | 'user_disabled' | 'client_offboarded';

export type ConsumeResult =
  | { ok: true; userId: number; clientId: number; workspaceId: number; purpose: AuthTokenPurpose; activated: boolean }
  | { ok: false; reason: ConsumeFailure; userId: number | null; clientId: number | null; workspaceId: number | null };

/** Our tokens are 43 base64url characters; anything far off that shape is not worth hashing. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Uses a link token once. The conditional UPDATE is the single-use guarantee: two concurrent
 * clicks (or a replay) cannot both succeed, because only one of them can flip used_at from NULL.
 * Disabled users and off-boarded clients are excluded in the same statement, so their tokens stay
 * unused rather than being burnt. Runs its statements in a (nested) transaction; call it inside
 * the caller's write transaction so the sign-in and its audit rows commit together.
 */
export function consumeAuthToken(db: Db, signingKey: Buffer, token: string, now = Date.now()): ConsumeResult {
  if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'malformed', userId: null, clientId: null, workspaceId: null };
  const tokenHash = hashToken(signingKey, token);
  return db.transaction((): ConsumeResult => {
    const used = db
      .prepare(
        `UPDATE auth_tokens SET used_at = ?
         WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
           AND user_id IN (SELECT u.id FROM portal_users u JOIN clients c ON c.id = u.client_id
                           WHERE u.status != 'disabled' AND c.status = 'active')
         RETURNING user_id AS userId, purpose`,
      )
      .get(now, tokenHash, now) as { userId: number; purpose: AuthTokenPurpose } | undefined;
    if (!used) return explainFailure(db, tokenHash, now);
    // Any link proves the person controls the mailbox, which is all an invitation asks for.
    const activated = db.prepare(`UPDATE portal_users SET status = 'active' WHERE id = ? AND status = 'invited'`).run(used.userId).changes === 1;
    const user = db.prepare('SELECT client_id AS clientId, workspace_id AS workspaceId FROM portal_users WHERE id = ?').get(used.userId) as {
      clientId: number;
      workspaceId: number;
    };
    return { ok: true, userId: used.userId, clientId: user.clientId, workspaceId: user.workspaceId, purpose: used.purpose, activated };
  })();
}

function explainFailure(db: Db, tokenHash: string, now: number): ConsumeResult {
  const row = db
    .prepare(
      `SELECT t.used_at AS usedAt, t.revoked_at AS revokedAt, t.expires_at AS expiresAt, u.id AS userId, u.status AS userStatus,
              u.client_id AS clientId, u.workspace_id AS workspaceId, c.status AS clientStatus
       FROM auth_tokens t JOIN portal_users u ON u.id = t.user_id JOIN clients c ON c.id = u.client_id
       WHERE t.token_hash = ?`,
    )
    .get(tokenHash) as
    | { usedAt: number | null; revokedAt: number | null; expiresAt: number; userId: number; userStatus: string; clientId: number; workspaceId: number; clientStatus: string }
    | undefined;
  if (!row) return { ok: false, reason: 'unknown', userId: null, clientId: null, workspaceId: null };
  const reason: ConsumeFailure =
    row.usedAt != null ? 'used'
    : row.revokedAt != null ? 'revoked'
    : row.expiresAt <= now ? 'expired'
    : row.userStatus === 'disabled' ? 'user_disabled'
    : 'client_offboarded';
  return { ok: false, reason, userId: row.userId, clientId: row.clientId, workspaceId: row.workspaceId };
}
