import type { Queryable } from '../store.js';

/** Forgets these clients' invoice groups (before they are recomputed in the same transaction). */
export async function deleteClientInvoiceMatches(q: Queryable, clientIds: readonly number[]): Promise<void> {
  const unique = [...new Set(clientIds)];
  if (unique.length === 0) return;
  await q.deleteFrom('invoice_matches').where('client_id', 'in', unique).execute();
}
