import type { Queryable } from '../store.js';

export interface OpenInvoiceMatchReview {
  id: number;
  clientId: number;
  recordA: number;
  recordB: number;
  reason: string;
  /** JSON list of evidence lines, as stored. */
  evidence: string;
}

/** The open invoice-match reviews of these clients, client by client in the order given, oldest id first within each. */
export async function listOpenInvoiceMatchReviews(q: Queryable, clientIds: readonly number[]): Promise<OpenInvoiceMatchReview[]> {
  const unique = [...new Set(clientIds)];
  if (unique.length === 0) return [];
  const rows = await q
    .selectFrom('invoice_match_reviews')
    .select(['id', 'client_id as clientId', 'record_a as recordA', 'record_b as recordB', 'reason', 'evidence'])
    .where('client_id', 'in', unique)
    .where('status', '=', 'open')
    .orderBy('id')
    .execute();
  const order = new Map(unique.map((id, index) => [id, index]));
  return rows.sort((x, y) => order.get(x.clientId)! - order.get(y.clientId)! || x.id - y.id);
}
