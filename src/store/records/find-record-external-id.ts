import type { Queryable } from '../store.js';

/** The provider id of a live record, if it is held by that connection (a contact written into an action's payload). */
export async function findRecordExternalId(q: Queryable, recordId: number, connectionId: number): Promise<string | null> {
  const row = await q
    .selectFrom('records')
    .select('external_id')
    .where('id', '=', recordId)
    .where('connection_id', '=', connectionId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return row?.external_id ?? null;
}
