import type { Db } from '../db/open-database.js';
import { SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS } from '../auth/create-session.js';

export interface Colleague {
  userId: number;
  name: string;
  email: string;
  role: string;
  status: 'invited' | 'active';
  lastSignInAt: number | null;
  /** When the newest invitation link stops working, for invited people. */
  invitationExpiresAt: number | null;
  /** The CRM (provider) in which this person opted out of email: their invitation was not sent. */
  invitationWithheldBy: string | null;
}

/** The client's people with portal access (removed ones, status disabled, are not listed). */
export function listColleagues(db: Db, clientId: number): Colleague[] {
  return db
    .prepare(
      `SELECT u.id AS userId, u.name, u.email, u.role, u.status, u.last_sign_in_at AS lastSignInAt, u.invitation_withheld_by AS invitationWithheldBy,
              (SELECT MAX(t.expires_at) FROM auth_tokens t
               WHERE t.user_id = u.id AND t.purpose = 'invitation' AND t.used_at IS NULL AND t.revoked_at IS NULL) AS invitationExpiresAt
       FROM portal_users u WHERE u.client_id = ? AND u.status != 'disabled'
       ORDER BY u.name COLLATE NOCASE, u.id`,
    )
    .all(clientId) as Colleague[];
}

/** One colleague of this client still with access, or null (another client's users are never found). */
export function findColleague(db: Db, clientId: number, userId: number): Colleague | null {
  return listColleagues(db, clientId).find((c) => c.userId === userId) ?? null;
}

export interface ActiveSession {
  /** The row's rowid: a handle for "end this session" that reveals nothing about the session id. */
  handle: number;
  createdAt: number;
  lastSeenAt: number;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
  /** How it signed in (null for sessions from before this was recorded). */
  authMethod: 'invitation' | 'sign_in_link' | 'password' | null;
  /** Its second-factor state: a 'pending' one has a first factor and waits for the code. */
  mfaState: 'not_required' | 'pending' | 'enrol_required' | 'verified';
}

/** A user's sessions that still work (not ended, not idle, not past their lifetime), newest first. */
export function listActiveSessions(db: Db, userId: number, currentIdHash: string, now: number): ActiveSession[] {
  const rows = db
    .prepare(
      `SELECT rowid AS handle, id_hash AS idHash, created_at AS createdAt, last_seen_at AS lastSeenAt, user_agent AS userAgent, ip,
              auth_method AS authMethod, mfa_state AS mfaState
       FROM sessions
       WHERE user_id = ? AND ended_at IS NULL AND expires_at > ? AND last_seen_at > ? AND created_at > ?
       ORDER BY last_seen_at DESC, rowid DESC`,
    )
    .all(userId, now, now - SESSION_IDLE_TIMEOUT_MS, now - SESSION_ABSOLUTE_TIMEOUT_MS) as (Omit<ActiveSession, 'current'> & { idHash: string })[];
  return rows.map(({ idHash, ...row }) => ({ ...row, current: idHash === currentIdHash }));
}
