import type { Queryable } from '../store.js';

export type SessionsToEnd =
  /** One session, by the hash of its id. */
  | { idHash: string }
  /** Every open session of a user, but the one given (if any). */
  | { userId: number; exceptIdHash?: string }
  /** One session of a user by its handle (the sessions page's rowid), never the one given. */
  | { userId: number; handle: number; exceptIdHash: string };

/** Ends open sessions (the rows stay, for the record); returns how many ended. */
export async function endSessions(q: Queryable, which: SessionsToEnd, now: number): Promise<number> {
  let query = q.updateTable('sessions').set({ ended_at: now }).where('ended_at', 'is', null);
  if ('idHash' in which) query = query.where('id_hash', '=', which.idHash);
  else {
    query = query.where('user_id', '=', which.userId);
    if ('handle' in which) query = query.where('rowid', '=', which.handle);
    if (which.exceptIdHash !== undefined) query = query.where('id_hash', '!=', which.exceptIdHash);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
