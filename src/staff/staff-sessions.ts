import type { Queryable } from '../store/store.js';
import { randomToken } from '../crypto/tokens.js';
import { hashSessionId, SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS, type NewSession } from '../auth/create-session.js';
import { insertStaffSession } from '../store/staff/insert-staff-session.js';
import { updateStaffSessionEnded } from '../store/staff/update-staff-session-ended.js';
import { updateStaffSessionLastSeen } from '../store/staff/update-staff-session-last-seen.js';
import { findStaffSessionByHash } from '../store/staff/find-staff-session-by-hash.js';
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

export async function createStaffSession(q: Queryable, signingKey: Buffer, input: { staffUserId: number; userAgent?: string | null; ip?: string | null }, now = Date.now()): Promise<NewSession> {
  const sessionId = randomToken();
  const idHash = hashSessionId(signingKey, sessionId);
  const csrfToken = randomToken();
  const expiresAt = now + SESSION_ABSOLUTE_TIMEOUT_MS;
  await insertStaffSession(q, { idHash, staffUserId: input.staffUserId, csrfToken, createdAt: now, expiresAt, userAgent: input.userAgent?.slice(0, 512) ?? null, ip: input.ip ?? null });
  return { sessionId, idHash, csrfToken, expiresAt };
}

export async function endStaffSession(q: Queryable, idHash: string, now = Date.now()): Promise<boolean> {
  return updateStaffSessionEnded(q, idHash, now);
}

const SESSION_ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The live staff session behind a cookie value, or null. The staff user is re-read on every call:
 * a disabled staff member, or a role change, takes effect on their next request.
 */
export async function readStaffSession(q: Queryable, signingKey: Buffer, sessionId: string | undefined, now = Date.now()): Promise<StaffSession | null> {
  if (!sessionId || !SESSION_ID_SHAPE.test(sessionId)) return null;
  const idHash = hashSessionId(signingKey, sessionId);
  const row = await findStaffSessionByHash(q, idHash);
  if (!row || row.endedAt != null) return null;
  const stale = now - row.lastSeenAt >= SESSION_IDLE_TIMEOUT_MS || now >= row.expiresAt || now - row.createdAt >= SESSION_ABSOLUTE_TIMEOUT_MS;
  if (stale || row.status !== 'active') {
    await endStaffSession(q, idHash, now);
    return null;
  }
  await updateStaffSessionLastSeen(q, idHash, now);
  return { idHash, staffUserId: row.staffUserId, workspaceId: row.workspaceId, csrfToken: row.csrfToken, name: row.name, email: row.email, role: row.role as StaffRole, createdAt: row.createdAt };
}
