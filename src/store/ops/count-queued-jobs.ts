import type { Queryable } from '../store.js';

/** Jobs queued in the in-process runner's table (the queue when Redis is absent). */
export async function countQueuedJobs(q: Queryable): Promise<number> {
  const row = await q.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'queued').executeTakeFirstOrThrow();
  return Number(row.n);
}
