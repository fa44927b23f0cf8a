import type { Queryable } from '../store.js';

/** A review of the workspace: the record it is about and its status (undefined when there is none). */
export async function findLinkReview(q: Queryable, reviewId: number, workspaceId: number): Promise<{ recordId: number; status: string } | undefined> {
  return q.selectFrom('link_reviews').select(['record_id as recordId', 'status']).where('id', '=', reviewId).where('workspace_id', '=', workspaceId).executeTakeFirst();
}
