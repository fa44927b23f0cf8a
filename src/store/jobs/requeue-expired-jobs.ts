import type { Queryable } from '../store.js';

/** Queues again the jobs whose worker died (running, lock expired): another worker takes them over. Run mergeExpiredJobs first. */
export async function requeueExpiredJobs(q: Queryable, now: number): Promise<number> {
  const result = await q
    .updateTable('jobs')
    .set({ status: 'queued', locked_by: null, locked_until: null })
    .where('status', '=', 'running')
    .where('locked_until', '<', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
