import type { Queryable } from '../store.js';

/** When each connection (not disconnected) last finished a successful run, per object type. */
export async function listLastSuccessfulRuns(q: Queryable): Promise<{ connectionId: number; provider: string; objectType: string; at: number }[]> {
  const rows = await q
    .selectFrom('sync_runs as r')
    .innerJoin('connections as c', 'c.id', 'r.connection_id')
    .select((eb) => ['c.id as connectionId', 'c.provider', 'r.object_type as objectType', eb.fn.max('r.finished_at').as('at')])
    .where('r.status', '=', 'succeeded')
    .where('c.status', '!=', 'disconnected')
    .groupBy(['c.id', 'c.provider', 'r.object_type'])
    .execute();
  return rows.map((row) => ({ connectionId: row.connectionId, provider: row.provider, objectType: row.objectType, at: Number(row.at) }));
}
