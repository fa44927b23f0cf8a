import type { Queryable } from '../store.js';

/** Provider ids of the deals that provisioned a client and are still won and not deleted. */
export async function listClientWonDeals(q: Queryable, clientId: number): Promise<string[]> {
  const rows = await q
    .selectFrom('provisionings as p')
    .innerJoin('records as r', 'r.id', 'p.deal_record_id')
    .select('r.external_id')
    .where('p.client_id', '=', clientId)
    .where('r.deleted', '=', 0)
    .where('r.is_won', '=', 1)
    .orderBy('p.id')
    .execute();
  return rows.map((row) => row.external_id);
}
