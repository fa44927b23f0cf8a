import type { Queryable } from '../store/store.js';
import { endSessions } from '../store/auth/end-sessions.js';

/** Ends one session; returns whether it was still open. The row stays, for the record. */
export async function endSession(q: Queryable, idHash: string, now = Date.now()): Promise<boolean> {
  return (await endSessions(q, { idHash }, now)) === 1;
}

/** Ends every open session of a user (for when staff disable them); returns how many ended. */
export async function endUserSessions(q: Queryable, userId: number, now = Date.now()): Promise<number> {
  return endSessions(q, { userId }, now);
}
