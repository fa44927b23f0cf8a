import type { Queryable } from '../store.js';

/** Marks a job done and releases it; with lastError, it was merged into a twin (why is kept). */
export async function updateJobDone(q: Queryable, id: number, now: number, lastError?: string): Promise<void> {
  await q
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, locked_by: null, ...(lastError === undefined ? {} : { last_error: lastError }) })
    .where('id', '=', id)
    .execute();
}
