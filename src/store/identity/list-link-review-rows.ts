import type { Queryable } from '../store.js';

export interface LinkReviewRow {
  id: number;
  recordId: number;
  provider: string;
  objectType: string;
  externalId: string;
  data: string;
  reason: string;
  candidates: string;
  status: string;
  createdAt: number;
}

/** A workspace's link reviews of one status, oldest first, with the record each is about. */
export async function listLinkReviewRows(q: Queryable, workspaceId: number, status: string, limit: number): Promise<LinkReviewRow[]> {
  return q
    .selectFrom('link_reviews as v')
    .innerJoin('records as r', 'r.id', 'v.record_id')
    .select(['v.id', 'v.record_id as recordId', 'r.provider', 'r.object_type as objectType', 'r.external_id as externalId', 'r.data', 'v.reason', 'v.candidates', 'v.status', 'v.created_at as createdAt'])
    .where('v.workspace_id', '=', workspaceId)
    .where('v.status', '=', status)
    .orderBy('v.created_at')
    .orderBy('v.id')
    .limit(limit)
    .execute();
}
