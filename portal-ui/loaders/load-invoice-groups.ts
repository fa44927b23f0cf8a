import type { Queryable } from '../../src/store/store.js';
import { listClientInvoiceMatches } from '../../src/store/invoice-matches/list-client-invoice-matches.js';
import { readOnce } from '../../src/store/read-snapshot.js';

/**
 * Which of this client's invoices are copies of one bill (src/billing keeps the groups): record
 * id → the record id of the copy that is shown. Scoped by the session's client like every loader.
 */
export async function loadInvoiceGroups(q: Queryable, clientId: number): Promise<Map<number, number>> {
  // Invoices and payments both fold by these groups: read once per snapshot (the map is never changed by its readers).
  return readOnce(q, `invoice-groups:${clientId}`, () => listClientInvoiceMatches(q, clientId));
}
