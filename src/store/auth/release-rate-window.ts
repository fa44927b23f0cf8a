import type { Queryable } from '../store.js';

/** Gives one attempt back to a window, if it is still the current one and has any to give. */
export async function releaseRateWindow(q: Queryable, key: string, windowStart: number): Promise<void> {
  await q
    .updateTable('rate_windows')
    .set((eb) => ({ used: eb('used', '-', 1) }))
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .where('used', '>', 0)
    .execute();
}
