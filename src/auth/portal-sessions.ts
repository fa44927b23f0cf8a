import type { Db } from '../db/open-database.js';
import { hashToken, randomToken } from '../crypto/tokens.js';

/** Documented in README: a session ends after 30 minutes without use, and after 12 hours whatever happens. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;

export interface PortalSession {
  idHash: string;
  userId: number;
  clientId: number;
  csrfToken: string;
  email: string;
  name: string;
  role: string;
}

/** A new server-side session (256-bit random id; only its keyed hash is stored). Returns the cookie value. */
export function createSession(db: Db, signingKey: Buffer, userId: number, meta: { userAgent?: string; ip?: string }, now = Date.now()): string {
  const id = randomToken();
  db.prepare(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, user_agent, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(hashToken(signingKey, id), userId, randomToken(), now, now, now + SESSION_ABSOLUTE_MS, meta.userAgent ?? null, meta.ip ?? null);
  return id;
}

/**
 * The live session behind a cookie value, refreshed on use; undefined when it is unknown,
 * ended, idle or past its absolute lifetime, or when its user or client was switched off
 * (off-boarding ends access at once, not at the next sign-in).
 */
export function readSession(db: Db, signingKey: Buffer, cookieValue: string | undefined, now = Date.now()): PortalSession | undefined {
  if (!cookieValue) return undefined;
  const idHash = hashToken(signingKey, cookieValue);
  const row = db
    .prepare(
      `SELECT s.id_hash AS idHash, s.user_id AS userId, s.csrf_token AS csrfToken, s.last_seen_at AS lastSeen, s.expires_at AS expiresAt,
              s.ended_at AS endedAt, u.client_id AS clientId, u.email, u.name, u.role, u.status AS userStatus, c.status AS clientStatus
       FROM sessions s JOIN portal_users u ON u.id = s.user_id JOIN clients c ON c.id = u.client_id WHERE s.id_hash = ?`,
    )
    .get(idHash) as
    | (PortalSession & { lastSeen: number; expiresAt: number; endedAt: number | null; userStatus: string; clientStatus: string })
    | undefined;
  if (!row || row.endedAt != null) return undefined;
  if (now - row.lastSeen > SESSION_IDLE_MS || now > row.expiresAt || row.userStatus === 'disabled' || row.clientStatus !== 'active') {
    endSession(db, idHash, now);
    return undefined;
  }
  db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(now, idHash);
  return { idHash, userId: row.userId, clientId: row.clientId, csrfToken: row.csrfToken, email: row.email, name: row.name, role: row.role };
}

export function endSession(db: Db, idHash: string, now = Date.now()): void {
  db.prepare('UPDATE sessions SET ended_at = ? WHERE id_hash = ? AND ended_at IS NULL').run(now, idHash);
}
