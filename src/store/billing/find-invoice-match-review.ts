import type { Queryable } from '../store.js';

/** One invoice-match review of the workspace, whatever its status (undefined when the workspace has none by that id). */
export async function findInvoiceMatchReview(q: Queryable, workspaceId: number, reviewId: number): Promise<{ id: number; recordA: number; recordB: number; status: string } | undefined> {
  return q
    .selectFrom('invoice_match_reviews')
    .select(['id', 'record_a as recordA', 'record_b as recordB', 'status'])
    .where('id', '=', reviewId)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
}
