import type { Queryable } from '../../src/store/store.js';
import { listClientInvoiceMatches } from '../../src/store/invoice-matches/list-client-invoice-matches.js';

/**
 * Which of this client's invoices are copies of one bill (src/billing keeps the groups): record
 * id → the record id of the copy that is shown. Scoped by the session's client like every loader.
 */
export async function loadInvoiceGroups(q: Queryable, clientId: number): Promise<Map<number, number>> {
  return listClientInvoiceMatches(q, clientId);
}
