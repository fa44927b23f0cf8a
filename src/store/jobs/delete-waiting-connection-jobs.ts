import type { Queryable } from '../store.js';

/** Deletes this connection's queued jobs of these names (due now or later); a running one is left. Returns how many. */
export async function deleteWaitingConnectionJobs(q: Queryable, connectionId: number, names: readonly string[]): Promise<number> {
  if (names.length === 0) return 0;
  const result = await q
    .deleteFrom('jobs')
    .where('status', '=', 'queued')
    .where('name', 'in', names)
    .where('connection_id', '=', connectionId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
