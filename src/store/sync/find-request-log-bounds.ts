import type { Queryable } from '../store.js';

/**
 * What pacing needs of one window's log: the latest reservation, and the time of the `limit`-th
 * newest request (undefined while the window holds fewer than `limit`). One statement: pacing reads
 * it while holding the key's lock, so every round trip there delays the next caller.
 */
export async function findRequestLogBounds(q: Queryable, key: string, limit: number): Promise<{ latest: number | null; limitTh: number | undefined }> {
  const row = await q
    .selectNoFrom((eb) => [
      eb.selectFrom('request_log').select((e) => e.fn.max('at').as('at')).where('key', '=', key).as('latest'),
      eb.selectFrom('request_log').select('at').where('key', '=', key).orderBy('at', 'desc').limit(1).offset(limit - 1).as('limit_th'),
    ])
    .executeTakeFirstOrThrow();
  return { latest: row.latest == null ? null : Number(row.latest), limitTh: row.limit_th == null ? undefined : Number(row.limit_th) };
}
