import type { Queryable } from '../store.js';
import { preparedQuery } from '../common/prepared-query.js';

/**
 * One client's invoice matches (src/billing): record id → the group's shown record id. Only this client's.
 * In record id order: an invoice page names a bill's other copies in this order (PostgreSQL, unlike
 * SQLite's primary-key scan, gives no order without ORDER BY).
 */
export async function listClientInvoiceMatches(q: Queryable, clientId: number): Promise<Map<number, number>> {
  const rows = await matchRows(q, clientId);
  return new Map(rows.map((row) => [row.record_id, row.group_id]));
}

const matchRows = preparedQuery((db, clientId: number) => db.selectFrom('invoice_matches').select(['record_id', 'group_id']).where('client_id', '=', clientId).orderBy('record_id'));
