import type { Queryable } from '../store.js';

/** The clients these records provisioned (won deals) or are the source of (CRM companies), each once. */
export async function listRecordClients(q: Queryable, recordIds: readonly number[]): Promise<number[]> {
  if (recordIds.length === 0) return [];
  const rows = await q
    .selectFrom('provisionings')
    .select('client_id')
    .where('deal_record_id', 'in', recordIds)
    .union(q.selectFrom('client_sources').select('client_id').where('record_id', 'in', recordIds))
    .execute();
  return [...new Set(rows.map((row) => row.client_id))].sort((a, b) => a - b);
}
