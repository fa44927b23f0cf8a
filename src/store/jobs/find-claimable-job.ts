import type { Queryable } from '../store.js';
import { selectClaimableJob, type ClaimableJobOptions } from './claimable-job.js';

export interface ClaimableJobProbe {
  /** A due job that may start now, or null. */
  claimableId: number | null;
  /** A running job whose lock expired (its worker died), or null. */
  expiredId: number | null;
}

/**
 * The idle poll's one query: whether there is anything to claim or to take over, without taking
 * a lock. Only when there is does the runner open its claim transaction.
 */
export async function findClaimableJob(q: Queryable, options: ClaimableJobOptions): Promise<ClaimableJobProbe> {
  const row = await q
    .selectNoFrom((eb) => [
      selectClaimableJob(q, options).as('claimable_id'),
      eb.selectFrom('jobs').select('jobs.id').where('jobs.status', '=', 'running').where('jobs.locked_until', '<', options.now).limit(1).as('expired_id'),
    ])
    .executeTakeFirstOrThrow();
  return { claimableId: row.claimable_id ?? null, expiredId: row.expired_id ?? null };
}
