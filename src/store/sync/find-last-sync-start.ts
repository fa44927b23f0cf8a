import type { Queryable } from '../store.js';

/** When the newest run of one object type of a connection started (null: never). */
export async function findLastSyncStart(q: Queryable, connectionId: number, objectType: string): Promise<number | null> {
  const row = await q
    .selectFrom('sync_runs')
    .select((eb) => eb.fn.max('started_at').as('at'))
    .where('connection_id', '=', connectionId)
    .where('object_type', '=', objectType)
    .executeTakeFirst();
  return row?.at == null ? null : Number(row.at);
}
