import type { Queryable } from '../store.js';

/** Staff answered the question about one pair (smaller record id first): its open review is resolved, by whom and how. */
export async function updateInvoiceMatchReviewsResolved(q: Queryable, pair: { recordA: number; recordB: number }, resolution: { resolution: string; resolvedBy: string }, now = Date.now()): Promise<void> {
  await q
    .updateTable('invoice_match_reviews')
    .set({ status: 'resolved', resolution: resolution.resolution, resolved_by: resolution.resolvedBy, updated_at: now })
    .where('record_a', '=', pair.recordA)
    .where('record_b', '=', pair.recordB)
    .where('status', '=', 'open')
    .execute();
}
