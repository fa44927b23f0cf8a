import type { Queryable } from '../store.js';

/**
 * A dead worker's job (running, its lock expired) whose key meanwhile has a waiting twin is merged
 * into it (done) rather than queued again beside it; so is every dead twin of a key but the oldest
 * (a database from before running keys were kept apart may hold several). Returns how many merged.
 */
export async function mergeExpiredJobs(q: Queryable, now: number): Promise<number> {
  const result = await q
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, locked_by: null, last_error: 'worker died; merged into a job with the same key' })
    .where('status', '=', 'running')
    .where('locked_until', '<', now)
    .where('dedupe_key', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('jobs as w').select('w.id').where('w.status', '=', 'queued').whereRef('w.dedupe_key', '=', 'jobs.dedupe_key')),
        eb.exists(
          eb
            .selectFrom('jobs as d')
            .select('d.id')
            .where('d.status', '=', 'running')
            .where('d.locked_until', '<', now)
            .whereRef('d.dedupe_key', '=', 'jobs.dedupe_key')
            .whereRef('d.id', '<', 'jobs.id'),
        ),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
