import type { Queryable } from '../store.js';

/** Whether a job with this key is queued (due now or later) or running. */
export async function hasPendingJob(q: Queryable, dedupeKey: string): Promise<boolean> {
  const row = await q
    .selectFrom('jobs')
    .select('id')
    .where('dedupe_key', '=', dedupeKey)
    .where('status', 'in', ['queued', 'running'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
