import type { Queryable } from '../store.js';

/**
 * What pacing needs of one window's log: the latest reservation, and the time of the `limit`-th
 * newest request (undefined while the window holds fewer than `limit`).
 */
export async function findRequestLogBounds(q: Queryable, key: string, limit: number): Promise<{ latest: number | null; limitTh: number | undefined }> {
  const latest = await q.selectFrom('request_log').select((eb) => eb.fn.max('at').as('at')).where('key', '=', key).executeTakeFirst();
  const limitTh = await q
    .selectFrom('request_log')
    .select('at')
    .where('key', '=', key)
    .orderBy('at', 'desc')
    .limit(1)
    .offset(limit - 1)
    .executeTakeFirst();
  return { latest: latest?.at == null ? null : Number(latest.at), limitTh: limitTh?.at };
}
