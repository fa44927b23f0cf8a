import type { Queryable } from '../store.js';

/** Refreshes a review's question: its candidates (and reason, when given). */
export async function updateLinkReviewCandidates(q: Queryable, reviewId: number, change: { candidates: string; reason?: string }, now: number): Promise<void> {
  await q
    .updateTable('link_reviews')
    .set({ candidates: change.candidates, updated_at: now, ...(change.reason === undefined ? {} : { reason: change.reason }) })
    .where('id', '=', reviewId)
    .execute();
}
