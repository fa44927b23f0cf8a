import type { Queryable } from '../store.js';

export interface InvoiceMatchReviewRow {
  id: number;
  clientId: number;
  clientName: string;
  reason: string;
  evidence: string;
  createdAt: number;
  recordA: number;
  recordB: number;
}

/** A workspace's open invoice-match reviews, oldest first, with the client's name. */
export async function listInvoiceMatchReviewRows(q: Queryable, workspaceId: number, limit: number): Promise<InvoiceMatchReviewRow[]> {
  return q
    .selectFrom('invoice_match_reviews as v')
    .innerJoin('clients as c', 'c.id', 'v.client_id')
    .select(['v.id', 'v.client_id as clientId', 'c.name as clientName', 'v.reason', 'v.evidence', 'v.created_at as createdAt', 'v.record_a as recordA', 'v.record_b as recordB'])
    .where('v.workspace_id', '=', workspaceId)
    .where('v.status', '=', 'open')
    .orderBy('v.created_at')
    .orderBy('v.id')
    .limit(limit)
    .execute();
}
