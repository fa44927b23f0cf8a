import type { Queryable } from '../store.js';

/** An open review's doubt, restated: the reason and evidence as matching sees them now. */
export async function updateInvoiceMatchReviewEvidence(q: Queryable, reviewId: number, doubt: { reason: string; evidence: string[] }, now = Date.now()): Promise<void> {
  await q.updateTable('invoice_match_reviews').set({ reason: doubt.reason, evidence: JSON.stringify(doubt.evidence), updated_at: now }).where('id', '=', reviewId).execute();
}
