import type { Queryable } from '../store.js';

/** Staff dismiss a review: the record stays as it is and the question is not asked again unless the evidence changes. */
export async function dismissLinkReview(q: Queryable, reviewId: number, resolvedBy: string, now: number): Promise<void> {
  await q.updateTable('link_reviews').set({ status: 'dismissed', resolution: 'dismissed', resolved_by: resolvedBy, updated_at: now }).where('id', '=', reviewId).execute();
}
