import type { Queryable } from '../store.js';

/** The id of a queued job with this key other than `exceptId` (a failed run's waiting twin), if any. */
export async function findWaitingJob(q: Queryable, dedupeKey: string, exceptId: number): Promise<number | undefined> {
  const row = await q
    .selectFrom('jobs')
    .select('id')
    .where('status', '=', 'queued')
    .where('dedupe_key', '=', dedupeKey)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return row?.id;
}
