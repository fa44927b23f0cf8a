import type { Queryable } from '../store.js';

/** Marks a job failed for good (retries exhausted or not retryable) and releases it. */
export async function updateJobFailed(q: Queryable, id: number, now: number, error: string): Promise<void> {
  await q.updateTable('jobs').set({ status: 'failed', finished_at: now, last_error: error, locked_by: null }).where('id', '=', id).execute();
}
