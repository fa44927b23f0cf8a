/**
 * Sync fixtures for tests and benches that build their world on the legacy SQLite handle (inside its
 * transactions): a session and a link token written exactly as createSession and createAuthToken
 * write them through the store. Never used by the hub itself.
 */
import type { Db } from '../../src/db/open-database.js';
import { hashToken, randomToken } from '../../src/crypto/tokens.js';
import { hashSessionId, SESSION_ABSOLUTE_TIMEOUT_MS, type MfaState, type NewSession } from '../../src/auth/create-session.js';
import { TOKEN_LIFETIME_MS, type AuthTokenPurpose } from '../../src/auth/create-auth-token.js';

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

export function seedAuthToken(db: Db, signingKey: Buffer, userId: number, purpose: AuthTokenPurpose, now = Date.now()): string {
  const token = randomToken();
  db.prepare('UPDATE auth_tokens SET revoked_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL AND revoked_at IS NULL').run(now, userId, purpose);
  db.prepare('INSERT INTO auth_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(hashToken(signingKey, token), userId, purpose, now, now + TOKEN_LIFETIME_MS[purpose]);
  return token;
}
