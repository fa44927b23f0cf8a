import type { Db } from '../db/open-database.js';

/** Ends one session; returns whether it was still open. The row stays, for the record. */
export function endSession(db: Db, idHash: string, now = Date.now()): boolean {
  return db.prepare('UPDATE sessions SET ended_at = ? WHERE id_hash = ? AND ended_at IS NULL').run(now, idHash).changes === 1;
}

/** Ends every open session of a user (for when staff disable them); returns how many ended. */
export function endUserSessions(db: Db, userId: number, now = Date.now()): number {
  return db.prepare('UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL').run(now, userId).changes;
}
