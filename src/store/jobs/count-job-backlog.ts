import type { Queryable } from '../store.js';

export interface JobBacklogCounts {
  /** Queued and due. */
  waiting: number;
  running: number;
  /** The earliest run_at of a due queued job, or null. */
  oldest: number | null;
}

/** The runner's backlog at `now`, in one query (/metrics). */
export async function countJobBacklog(q: Queryable, now: number): Promise<JobBacklogCounts> {
  const row = await q
    .selectFrom('jobs')
    .select((eb) => [
      eb.fn.countAll().filterWhere('status', '=', 'queued').filterWhere('run_at', '<=', now).as('waiting'),
      eb.fn.countAll().filterWhere('status', '=', 'running').as('running'),
      eb.fn.min('run_at').filterWhere('status', '=', 'queued').filterWhere('run_at', '<=', now).as('oldest'),
    ])
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirstOrThrow();
  return { waiting: Number(row.waiting), running: Number(row.running), oldest: row.oldest === null ? null : Number(row.oldest) };
}
