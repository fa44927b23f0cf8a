import type { Queryable } from '../store.js';

export interface ActiveSessionRow {
  handle: number;
  idHash: string;
  createdAt: number;
  lastSeenAt: number;
  userAgent: string | null;
  ip: string | null;
  authMethod: string | null;
  mfaState: string;
}

/**
 * A user's sessions not ended, seen since `seenAfter`, created since `createdAfter` and not past
 * `now`'s expiry, newest first. The handle is the row's rowid (SQLite's; PostgreSQL's identity column).
 */
export async function listActiveSessions(q: Queryable, userId: number, bounds: { now: number; seenAfter: number; createdAfter: number }): Promise<ActiveSessionRow[]> {
  const rows = await q
    .selectFrom('sessions')
    .select(['rowid as handle', 'id_hash as idHash', 'created_at as createdAt', 'last_seen_at as lastSeenAt', 'user_agent as userAgent', 'ip', 'auth_method as authMethod', 'mfa_state as mfaState'])
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', bounds.now)
    .where('last_seen_at', '>', bounds.seenAfter)
    .where('created_at', '>', bounds.createdAfter)
    .orderBy('last_seen_at', 'desc')
    .orderBy('rowid', 'desc')
    .execute();
  return rows.map((row) => ({ ...row, handle: Number(row.handle), idHash: row.idHash ?? '' }));
}
