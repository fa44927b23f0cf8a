import type { Db } from '../../src/db/open-database.js';

/**
 * Which of this client's invoices are copies of one bill (src/billing keeps the groups): record
 * id → the record id of the copy that is shown. Scoped by the session's client like every loader.
 */
export function loadInvoiceGroups(db: Db, clientId: number): Map<number, number> {
  const rows = db.prepare('SELECT record_id, group_id FROM invoice_matches WHERE client_id = ?').all(clientId) as { record_id: number; group_id: number }[];
  return new Map(rows.map((row) => [row.record_id, row.group_id]));
}
