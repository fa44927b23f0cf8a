import type { Queryable } from '../store.js';

/** A connection's live (not deleted) records, per object type. */
export async function countStoredRecords(q: Queryable, connectionId: number): Promise<Map<string, number>> {
  const rows = await q
    .selectFrom('records')
    .select((eb) => ['object_type', eb.fn.countAll().as('n')])
    .where('connection_id', '=', connectionId)
    .where('deleted', '=', 0)
    .groupBy('object_type')
    .execute();
  return new Map(rows.map((row) => [row.object_type, Number(row.n)]));
}
