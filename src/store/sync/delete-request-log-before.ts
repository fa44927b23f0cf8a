import type { Queryable } from '../store.js';

/** Forgets each window's requests at or before its `cutoff` (they no longer count against it), in one statement. */
export async function deleteRequestLogBefore(q: Queryable, windows: { key: string; cutoff: number }[]): Promise<void> {
  if (windows.length === 0) return;
  await q
    .deleteFrom('request_log')
    .where((eb) => eb.or(windows.map((window) => eb.and([eb('key', '=', window.key), eb('at', '<=', window.cutoff)]))))
    .execute();
}
