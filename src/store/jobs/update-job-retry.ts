import type { Queryable } from '../store.js';

/** Queues a failed run again for `runAt` (its backoff), released. Check for a waiting twin first (findWaitingJob): the key's queued slot is unique. */
export async function updateJobRetry(q: Queryable, id: number, runAt: number, error: string): Promise<void> {
  await q
    .updateTable('jobs')
    .set({ status: 'queued', run_at: runAt, last_error: error, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .execute();
}
