import type { Queryable } from '../store.js';

/** Whether each source record of a client (its CRM companies) is deleted. */
export async function listClientSourceStates(q: Queryable, clientId: number): Promise<{ deleted: boolean }[]> {
  const rows = await q
    .selectFrom('client_sources as cs')
    .innerJoin('records as r', 'r.id', 'cs.record_id')
    .select('r.deleted')
    .where('cs.client_id', '=', clientId)
    .execute();
  return rows.map((row) => ({ deleted: row.deleted === 1 }));
}
