/**
 * A bench fixture: a portal session written on the SQLite handle exactly as createSession writes it
 * through the store, for a bench that seeds thousands of sessions synchronously. Never used by the hub.
 */
import type { Db } from '../../src/db/open-database.js';
import { randomToken } from '../../src/crypto/tokens.js';
import { hashSessionId, SESSION_ABSOLUTE_TIMEOUT_MS, type MfaState, type NewSession } from '../../src/auth/create-session.js';

export function seedSession(db: Db, signingKey: Buffer, input: { userId: number; userAgent?: string | null; ip?: string | null; mfaState?: MfaState }, now = Date.now()): NewSession {
  const sessionId = randomToken();
  const idHash = hashSessionId(signingKey, sessionId);
  const csrfToken = randomToken();
  const expiresAt = now + SESSION_ABSOLUTE_TIMEOUT_MS;
  db.prepare(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, user_agent, ip, mfa_state, mfa_verified_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(idHash, input.userId, csrfToken, now, now, expiresAt, input.userAgent ?? null, input.ip ?? null, input.mfaState ?? 'not_required', input.mfaState === 'verified' ? now : null);
  return { sessionId, idHash, csrfToken, expiresAt };
}
