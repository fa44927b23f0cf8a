import type { Queryable } from '../store.js';

/**
 * Of the given records, the live deals that no provisioning points at yet, with their unified data
 * (JSON text): the caller reads `isWon` from it (no JSON paths in SQL, so both engines agree).
 */
export async function listUnprovisionedDeals(q: Queryable, recordIds: number[]): Promise<{ id: number; data: string }[]> {
  if (recordIds.length === 0) return [];
  return q
    .selectFrom('records as r')
    .leftJoin('provisionings as p', 'p.deal_record_id', 'r.id')
    .select(['r.id', 'r.data'])
    .where('r.id', 'in', recordIds)
    .where('r.kind', '=', 'deal')
    .where('r.deleted', '=', 0)
    .where('p.id', 'is', null)
    .orderBy('r.id')
    .execute();
}
