import type { Queryable } from '../store.js';

/** Jobs queued and due at `now`, or running (what drain waits for). */
export async function countOpenJobs(q: Queryable, now: number): Promise<number> {
  const row = await q
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', 'in', ['queued', 'running'])
    .where('run_at', '<=', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
