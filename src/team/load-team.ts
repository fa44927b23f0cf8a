import type { Queryable } from '../store/store.js';
import { listColleagues as listColleagueRows } from '../store/team/list-colleagues.js';
import { listActiveSessions as listActiveSessionRows } from '../store/team/list-active-sessions.js';
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
export async function listColleagues(q: Queryable, clientId: number): Promise<Colleague[]> {
  return (await listColleagueRows(q, clientId)) as Colleague[];
}

/** One colleague of this client still with access, or null (another client's users are never found). */
export async function findColleague(q: Queryable, clientId: number, userId: number): Promise<Colleague | null> {
  return ((await listColleagueRows(q, clientId, { userId }))[0] as Colleague | undefined) ?? null;
}

export interface ActiveSession {
  /** The row's rowid (SQLite's, and PostgreSQL's identity column of that name): a handle for "end this session" that reveals nothing about the session id. */
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
export async function listActiveSessions(q: Queryable, userId: number, currentIdHash: string, now: number): Promise<ActiveSession[]> {
  const rows = await listActiveSessionRows(q, userId, { now, seenAfter: now - SESSION_IDLE_TIMEOUT_MS, createdAfter: now - SESSION_ABSOLUTE_TIMEOUT_MS });
  return rows.map(({ idHash, ...row }) => ({ ...row, authMethod: row.authMethod as ActiveSession['authMethod'], mfaState: row.mfaState as ActiveSession['mfaState'], current: idHash === currentIdHash }));
}
