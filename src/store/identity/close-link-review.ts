import type { Queryable } from '../store.js';

/** Resolves a record's open review (the rules or staff settled it); true when there was one. */
export async function closeLinkReview(q: Queryable, recordId: number, resolution: string, resolvedBy: string | null, now: number): Promise<boolean> {
  const result = await q.updateTable('link_reviews').set({ status: 'resolved', resolution, resolved_by: resolvedBy, updated_at: now }).where('record_id', '=', recordId).where('status', '=', 'open').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
