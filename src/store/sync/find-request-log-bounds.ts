import type { Queryable } from '../store.js';

export interface RequestLogBounds {
  latest: number | null;
  limitTh: number | undefined;
}

/**
 * What pacing needs of each window's log: the latest reservation, and the time of the `limit`-th
 * newest request (undefined while the window holds fewer than `limit`). One statement for every
 * window: pacing reads them while holding the key's lock, so each round trip there delays the next caller.
 */
export async function findRequestLogBounds(q: Queryable, windows: { key: string; limit: number }[]): Promise<RequestLogBounds[]> {
  if (windows.length === 0) return [];
  const row = (await q
    .selectNoFrom((eb) =>
      windows.flatMap((window, i) => [
        eb.selectFrom('request_log').select((e) => e.fn.max('at').as('at')).where('key', '=', window.key).as(`latest_${i}`),
        eb.selectFrom('request_log').select('at').where('key', '=', window.key).orderBy('at', 'desc').limit(1).offset(window.limit - 1).as(`limit_th_${i}`),
      ]),
    )
    .executeTakeFirstOrThrow()) as Record<string, number | string | null>;
  return windows.map((_, i) => {
    const latest = row[`latest_${i}`];
    const limitTh = row[`limit_th_${i}`];
    return { latest: latest == null ? null : Number(latest), limitTh: limitTh == null ? undefined : Number(limitTh) };
  });
}
