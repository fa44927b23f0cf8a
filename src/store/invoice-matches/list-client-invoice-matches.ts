import type { Queryable } from '../store.js';

/** One client's invoice matches (src/billing): record id → the group's shown record id. Only this client's. */
export async function listClientInvoiceMatches(q: Queryable, clientId: number): Promise<Map<number, number>> {
  const rows = await q.selectFrom('invoice_matches').select(['record_id', 'group_id']).where('client_id', '=', clientId).execute();
  return new Map(rows.map((row) => [row.record_id, row.group_id]));
}
