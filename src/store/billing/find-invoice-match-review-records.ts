import type { Queryable } from '../store.js';

/** The two invoices an invoice-match review asks about, or undefined when the workspace has no such review. */
export async function findInvoiceMatchReviewRecords(q: Queryable, workspaceId: number, reviewId: number): Promise<{ recordA: number; recordB: number } | undefined> {
  return q
    .selectFrom('invoice_match_reviews')
    .select(['record_a as recordA', 'record_b as recordB'])
    .where('id', '=', reviewId)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
}
