import type { Queryable } from '../store.js';

/** Of the given records, the ids of the live won deals (generated column `is_won`) that no provisioning points at yet. */
export async function listUnprovisionedWonDeals(q: Queryable, recordIds: number[]): Promise<number[]> {
  if (recordIds.length === 0) return [];
  const rows = await q
    .selectFrom('records as r')
    .leftJoin('provisionings as p', 'p.deal_record_id', 'r.id')
    .select('r.id')
    .where('r.id', 'in', recordIds)
    .where('r.kind', '=', 'deal')
    .where('r.is_won', '=', 1)
    .where('r.deleted', '=', 0)
    .where('p.id', 'is', null)
    .orderBy('r.id')
    .execute();
  return rows.map((row) => row.id);
}
