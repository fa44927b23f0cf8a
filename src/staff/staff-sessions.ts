import type { Db } from '../db/open-database.js';
import { randomToken } from '../crypto/tokens.js';
import { hashSessionId, SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS, type NewSession } from '../auth/create-session.js';
import type { StaffRole } from './staff-permissions.js';

/**
 * Staff sessions follow the portal's policy (256-bit ids stored as keyed hashes, 30 minutes idle,
 * 12 hours at most, a CSRF token each) but live in their own table: a portal session id is
 * unknown here, and a staff one unknown to the portal.
 */
export interface StaffSession {
  idHash: string;
  staffUserId: number;
  workspaceId: number;
  csrfToken: string;
  name: string;
  email: string;
  role: StaffRole;
  createdAt: number;
}

export function createStaffSession(db: Db, signingKey: Buffer, input: { staffUserId: number; userAgent?: string | null; ip?: string | null }, now = Date.now()): NewSession {
  const sessionId = randomToken();
  const idHash = hashSessionId(signingKey, sessionId);
  const csrfToken = randomToken();
  const expiresAt = now + SESSION_ABSOLUTE_TIMEOUT_MS;
  db.prepare(
    `INSERT INTO staff_sessions (id_hash, staff_user_id, csrf_token, created_at, last_seen_at, expires_at, user_agent, ip)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(idHash, input.staffUserId, csrfToken, now, now, expiresAt, input.userAgent?.slice(0, 512) ?? null, input.ip ?? null);
  return { sessionId, idHash, csrfToken, expiresAt };
}

export function endStaffSession(db: Db, idHash: string, now = Date.now()): boolean {
  return db.prepare('UPDATE staff_sessions SET ended_at = ? WHERE id_hash = ? AND ended_at IS NULL').run(now, idHash).changes === 1;
}

const SESSION_ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The live staff session behind a cookie value, or null. The staff user is re-read on every call:
 * a disabled staff member, or a role change, takes effect on their next request.
 */
export function readStaffSession(db: Db, signingKey: Buffer, sessionId: string | undefined, now = Date.now()): StaffSession | null {
  if (!sessionId || !SESSION_ID_SHAPE.test(sessionId)) return null;
  const idHash = hashSessionId(signingKey, sessionId);
  const row = db
    .prepare(
      `SELECT s.staff_user_id AS staffUserId, s.csrf_token AS csrfToken, s.created_at AS createdAt, s.last_seen_at AS lastSeenAt,
              s.expires_at AS expiresAt, s.ended_at AS endedAt, u.workspace_id AS workspaceId, u.name, u.email, u.role, u.status
       FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_user_id WHERE s.id_hash = ?`,
    )
    .get(idHash) as
    | { staffUserId: number; csrfToken: string; createdAt: number; lastSeenAt: number; expiresAt: number; endedAt: number | null; workspaceId: number; name: string; email: string; role: StaffRole; status: string }
    | undefined;
  if (!row || row.endedAt != null) return null;
  const stale = now - row.lastSeenAt >= SESSION_IDLE_TIMEOUT_MS || now >= row.expiresAt || now - row.createdAt >= SESSION_ABSOLUTE_TIMEOUT_MS;
  if (stale || row.status !== 'active') {
    endStaffSession(db, idHash, now);
    return null;
  }
  db.prepare('UPDATE staff_sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?').run(now, idHash, now);
  return { idHash, staffUserId: row.staffUserId, workspaceId: row.workspaceId, csrfToken: row.csrfToken, name: row.name, email: row.email, role: row.role, createdAt: row.createdAt };
}
