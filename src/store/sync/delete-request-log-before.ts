import type { Queryable } from '../store.js';

/** Forgets a window's requests at or before `cutoff` (they no longer count against it). */
export async function deleteRequestLogBefore(q: Queryable, key: string, cutoff: number): Promise<void> {
  await q.deleteFrom('request_log').where('key', '=', key).where('at', '<=', cutoff).execute();
}
