/**
 * Sync fixtures for tests that build their world on the legacy SQLite handle (inside its
 * transactions): a staff user and a staff session written exactly as upsertStaffUser and
 * createStaffSession write them through the store (src/store/staff/). Never used by the hub itself.
 */
import type { Db } from '../../src/db/open-database.js';
import { randomToken } from '../../src/crypto/tokens.js';
import { hashSessionId, SESSION_ABSOLUTE_TIMEOUT_MS, type NewSession } from '../../src/auth/create-session.js';
import type { StaffRole } from '../../src/staff/staff-permissions.js';

export function seedStaffUser(db: Db, input: { workspaceId: number; email: string; name: string; role: StaffRole }, now = Date.now()): { id: number } {
  return db
    .prepare(
      `INSERT INTO staff_users (workspace_id, email, name, role, status, created_at) VALUES (?, ?, ?, ?, 'active', ?)
       ON CONFLICT (workspace_id, email) DO UPDATE SET role = excluded.role, status = 'active' RETURNING id`,
    )
    .get(input.workspaceId, input.email.toLowerCase(), input.name, input.role, now) as { id: number };
}

export function seedStaffSession(db: Db, signingKey: Buffer, input: { staffUserId: number }, now = Date.now()): NewSession {
  const sessionId = randomToken();
  const idHash = hashSessionId(signingKey, sessionId);
  const csrfToken = randomToken();
  const expiresAt = now + SESSION_ABSOLUTE_TIMEOUT_MS;
  db.prepare(
    `INSERT INTO staff_sessions (id_hash, staff_user_id, csrf_token, created_at, last_seen_at, expires_at, user_agent, ip) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)`,
  ).run(idHash, input.staffUserId, csrfToken, now, now, expiresAt);
  return { sessionId, idHash, csrfToken, expiresAt };
}
