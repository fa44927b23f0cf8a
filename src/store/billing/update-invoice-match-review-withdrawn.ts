import type { Queryable } from '../store.js';

/** A review whose doubt is gone: withdrawn, with why. */
export async function updateInvoiceMatchReviewWithdrawn(q: Queryable, reviewId: number, now = Date.now()): Promise<void> {
  await q.updateTable('invoice_match_reviews').set({ status: 'withdrawn', resolution: 'the evidence changed', updated_at: now }).where('id', '=', reviewId).execute();
}
