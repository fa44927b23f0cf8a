import type { Queryable, StoreEngine } from '../store.js';
import { selectClaimableJob, type ClaimableJobOptions } from './claimable-job.js';

export interface ClaimedJob {
  id: number;
  name: string;
  payload: string;
  attempts: number;
  max_attempts: number;
  dedupe_key: string | null;
}

/**
 * Claims the first job that may start now for this worker until `lockedUntil` and counts the
 * attempt, in one UPDATE … WHERE id = (SELECT … LIMIT 1) RETURNING. On PostgreSQL the pick is
 * FOR UPDATE SKIP LOCKED; run it in a transaction after lockJobClaims, so the running rows it counts
 * (per-connection slots, running keys) include every other process's claims. On SQLite the store's
 * transaction (BEGIN IMMEDIATE) serializes it.
 */
export async function claimJob(
  q: Queryable,
  engine: StoreEngine,
  options: ClaimableJobOptions & { workerId: string; lockedUntil: number },
): Promise<ClaimedJob | undefined> {
  const pick = selectClaimableJob(q, options).$if(engine === 'postgres', (qb) => qb.forUpdate().skipLocked());
  return q
    .updateTable('jobs')
    .set((eb) => ({ status: 'running', locked_by: options.workerId, locked_until: options.lockedUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', pick)
    .where('status', '=', 'queued')
    .returning(['id', 'name', 'payload', 'attempts', 'max_attempts', 'dedupe_key'])
    .executeTakeFirst();
}
