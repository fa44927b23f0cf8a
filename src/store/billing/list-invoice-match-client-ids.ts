import type { Queryable } from '../store.js';

const SLICE = 500;

/**
 * The clients whose invoice matches a change to these records can affect: the clients the records
 * belong to now, those they were grouped under, and those with an open review naming one of them.
 */
export async function listInvoiceMatchClientIds(q: Queryable, recordIds: readonly number[]): Promise<number[]> {
  const clients = new Set<number>();
  const unique = [...new Set(recordIds)];
  for (let i = 0; i < unique.length; i += SLICE) {
    const ids = unique.slice(i, i + SLICE);
    const rows = await q
      .selectFrom('records')
      .select('client_id as clientId')
      .where('id', 'in', ids)
      .where('client_id', 'is not', null)
      .union(q.selectFrom('invoice_matches').select('client_id as clientId').where('record_id', 'in', ids))
      .union(
        q
          .selectFrom('invoice_match_reviews')
          .select('client_id as clientId')
          .where('status', '=', 'open')
          .where((eb) => eb.or([eb('record_a', 'in', ids), eb('record_b', 'in', ids)])),
      )
      .execute();
    for (const row of rows) if (row.clientId !== null) clients.add(row.clientId);
  }
  return [...clients].sort((a, b) => a - b);
}
