import type { Queryable } from '../store/store.js';
import { hashSessionId, SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS, SESSION_SECOND_FACTOR_TIMEOUT_MS, type MfaState } from './create-session.js';
import { isTimeZone } from '../model/time-zone.js';
import { findSessionByHash } from '../store/sessions/find-session-by-hash.js';
import { updateSessionEnded } from '../store/sessions/update-session-ended.js';
import { updateSessionLastSeen } from '../store/sessions/update-session-last-seen.js';

export interface PortalSession {
  idHash: string;
  userId: number;
  clientId: number;
  workspaceId: number;
  csrfToken: string;
  name: string;
  email: string;
  role: 'client_admin' | 'member' | 'billing';
  createdAt: number;
  expiresAt: number;
  /** Second-factor state: pages open only for not_required and verified (see require-portal-session.ts). */
  mfaState: MfaState;
  /** When the second factor was given in this session (step-up), if it was. */
  mfaVerifiedAt: number | null;
  hasPassword: boolean;
  /** The zone the user's browser reported (an IANA name the runtime knows), or UTC: read with the session, not again per page. */
  timeZone: string;
}

const SESSION_ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * last_seen_at is written at most this often per session: a write per page view (a dashboard's
 * every request) takes the database's one write lock for a time stamp nobody needs to the
 * millisecond. The idle timeout (30 minutes) is measured from it, so a session may end up to this
 * much sooner than its last request plus the timeout — never later.
 */
export const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;

/**
 * The live session behind a cookie value, or null. The user and client are re-read on every
 * call, so disabling a user or off-boarding a client ends access on their next request, not at
 * their next sign-in. A session found idle, past its absolute lifetime, or whose user or client
 * was switched off is ended on the spot. A live one has last_seen_at moved to now (at most once a minute).
 */
export async function readSession(q: Queryable, signingKey: Buffer, sessionId: string | undefined, now = Date.now()): Promise<PortalSession | null> {
  if (!sessionId || !SESSION_ID_SHAPE.test(sessionId)) return null;
  const idHash = hashSessionId(signingKey, sessionId);
  const row = await findSessionByHash(q, idHash);
  if (!row || row.endedAt != null) return null;
  const stale =
    now - row.lastSeenAt >= SESSION_IDLE_TIMEOUT_MS ||
    now >= row.expiresAt ||
    // Belt and braces should expires_at ever be written wrong: the policy is measured from creation too.
    now - row.createdAt >= SESSION_ABSOLUTE_TIMEOUT_MS ||
    ((row.mfaState === 'pending' || row.mfaState === 'enrol_required') && now - row.createdAt >= SESSION_SECOND_FACTOR_TIMEOUT_MS);
  if (stale || row.userStatus !== 'active' || row.clientStatus !== 'active') {
    await updateSessionEnded(q, idHash, now);
    return null;
  }
  if (now - row.lastSeenAt >= LAST_SEEN_WRITE_INTERVAL_MS) {
    await updateSessionLastSeen(q, idHash, now);
  }
  return {
    idHash,
    userId: row.userId,
    clientId: row.clientId,
    workspaceId: row.workspaceId,
    csrfToken: row.csrfToken,
    name: row.name,
    email: row.email,
    role: row.role as PortalSession['role'],
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    mfaState: row.mfaState as MfaState,
    mfaVerifiedAt: row.mfaVerifiedAt,
    hasPassword: row.hasPassword,
    timeZone: row.timeZone && isTimeZone(row.timeZone) ? row.timeZone : 'UTC',
  };
}
