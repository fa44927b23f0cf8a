import type { Queryable } from '../store.js';

/** One request (or reservation) at `at` in a pacing window's log. */
export async function insertRequestLogEntry(q: Queryable, key: string, at: number): Promise<void> {
  await q.insertInto('request_log').values({ key, at }).execute();
}
