import type { Queryable } from '../store.js';

export interface NewJob {
  name: string;
  /** The payload as JSON text. */
  payload: string;
  dedupeKey: string | null;
  /** The connection the job works for (its jobs share the per-connection slots), or null. */
  connectionId: number | null;
  runAt: number;
  maxAttempts: number;
  now: number;
  /** With a dedupe key: nothing is queued while a job with the key runs. */
  skipIfRunning: boolean;
}

/**
 * Queues a job; returns its id, or undefined when a twin absorbed it. A waiting twin (its key
 * queued) is absorbed by the unique index on queued keys (ON CONFLICT DO NOTHING, on both engines);
 * with skipIfRunning, a running twin makes it a no-op too (one INSERT … SELECT … WHERE NOT EXISTS).
 */
export async function insertJob(q: Queryable, job: NewJob): Promise<number | undefined> {
  const skip = job.skipIfRunning && job.dedupeKey !== null;
  const row = await q
    .insertInto('jobs')
    .columns(['name', 'payload', 'dedupe_key', 'connection_id', 'run_at', 'max_attempts', 'created_at'])
    .expression(
      q
        .selectNoFrom((eb) => [
          eb.val(job.name).as('name'),
          eb.val(job.payload).as('payload'),
          eb.val(job.dedupeKey).as('dedupe_key'),
          eb.val(job.connectionId).as('connection_id'),
          eb.val(job.runAt).as('run_at'),
          eb.val(job.maxAttempts).as('max_attempts'),
          eb.val(job.now).as('created_at'),
        ])
        .$if(skip, (qb) =>
          qb.where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('jobs as r').select('r.id').where('r.status', '=', 'running').where('r.dedupe_key', '=', job.dedupeKey))),
          ),
        ),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}
