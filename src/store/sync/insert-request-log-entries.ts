import type { Queryable } from '../store.js';

/** Requests (or reservations) at `at` in pacing windows' logs, in one statement. */
export async function insertRequestLogEntries(q: Queryable, entries: { key: string; at: number }[]): Promise<void> {
  if (entries.length === 0) return;
  await q.insertInto('request_log').values(entries).execute();
}
