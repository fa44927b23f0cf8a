import type { Db } from '../../src/db/open-database.js';
import { cachedStatement } from '../../src/db/cached-statement.js';
import { isTimeZone } from './calendar-day.js';

/** The zone the user's browser reported (stored on their account), or UTC. */
export function userTimeZone(db: Db, userId: number): string {
  // Read on every page render (layout and dates): the statement is prepared once per connection.
  const row = cachedStatement(db, 'SELECT time_zone FROM portal_users WHERE id = ?').get(userId) as { time_zone: string | null } | undefined;
  return row?.time_zone && isTimeZone(row.time_zone) ? row.time_zone : 'UTC';
}

/** Stores the zone the browser reported; an unknown name is refused (false), never stored. */
export function saveUserTimeZone(db: Db, userId: number, timeZone: unknown): boolean {
  if (!isTimeZone(timeZone)) return false;
  db.prepare('UPDATE portal_users SET time_zone = ? WHERE id = ? AND (time_zone IS NULL OR time_zone <> ?)').run(timeZone, userId, timeZone);
  return true;
}
