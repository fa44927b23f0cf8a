import type { Queryable } from '../store.js';

/** External ids of the records of one object type of a connection that are not deleted (the deletion sweep's input). */
export async function listLiveExternalIds(q: Queryable, connectionId: number, objectType: string): Promise<string[]> {
  const rows = await q
    .selectFrom('records')
    .select('external_id')
    .where('connection_id', '=', connectionId)
    .where('object_type', '=', objectType)
    .where('deleted', '=', 0)
    .execute();
  return rows.map((row) => row.external_id);
}
