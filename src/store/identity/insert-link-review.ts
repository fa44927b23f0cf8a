import type { Queryable } from '../store.js';

/** Opens a review of a record (at most one open per record: the unique index refuses a second); returns its id. */
export async function insertLinkReview(q: Queryable, review: { workspaceId: number; recordId: number; reason: string; candidates: string }, now: number): Promise<number> {
  const row = await q.insertInto('link_reviews').values({ workspace_id: review.workspaceId, record_id: review.recordId, reason: review.reason, candidates: review.candidates, status: 'open', created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
