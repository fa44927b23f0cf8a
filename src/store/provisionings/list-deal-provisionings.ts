import type { Queryable } from '../store.js';
import { preparedPerShape } from '../common/prepared-query.js';

/** When the hub provisioned (saw won) each of these deal records, by deal record id; deals never provisioned are absent. */
export async function listDealProvisionings(q: Queryable, dealRecordIds: readonly number[]): Promise<Map<number, number>> {
  if (dealRecordIds.length === 0) return new Map();
  const rows = await readOf(dealRecordIds.length)(q, ...dealRecordIds);
  const at = new Map<number, number>();
  for (const row of rows) if (!at.has(row.deal_record_id)) at.set(row.deal_record_id, row.created_at);
  return at;
}

// Per number of ids: a page asks about its client's few won deals.
const readOf = preparedPerShape(
  (count: number) => (db, ...ids: number[]) => db.selectFrom('provisionings').select(['deal_record_id', 'created_at']).where('deal_record_id', 'in', ids.slice(0, count)).orderBy('id'),
  String,
);
