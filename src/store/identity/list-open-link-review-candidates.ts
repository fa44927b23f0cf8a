import type { Queryable } from '../store.js';

/** The workspace's open reviews with their candidates (JSON as stored). */
export async function listOpenLinkReviewCandidates(q: Queryable, workspaceId: number): Promise<{ id: number; candidates: string }[]> {
  return q.selectFrom('link_reviews').select(['id', 'candidates']).where('workspace_id', '=', workspaceId).where('status', '=', 'open').orderBy('id').execute();
}
