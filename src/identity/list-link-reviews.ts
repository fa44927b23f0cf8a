import type { Queryable } from '../store/store.js';
import { listLinkReviewRows } from '../store/identity/list-link-review-rows.js';
import { listClientNames } from '../store/staff-console/list-client-names.js';
import type { LinkCandidate } from './decide-link.js';

export interface LinkReviewView {
  id: number;
  recordId: number;
  provider: string;
  objectType: string;
  externalId: string;
  recordName: string;
  reason: 'conflict' | 'suggestion';
  candidates: (LinkCandidate & { clientName: string })[];
  status: string;
  createdAt: number;
}

/** The review queue as staff read it: what the record is, why it is here, which clients it might belong to. */
export async function listLinkReviews(q: Queryable, workspaceId: number, status: 'open' | 'resolved' | 'dismissed' = 'open', limit = 200): Promise<LinkReviewView[]> {
  const rows = await listLinkReviewRows(q, workspaceId, status, limit);
  const names = rows.length === 0 ? new Map<number, string>() : await listClientNames(q, workspaceId);
  return rows.map((row) => {
    const data = JSON.parse(row.data) as { name?: string; number?: string };
    return {
      id: row.id,
      recordId: row.recordId,
      provider: row.provider,
      objectType: row.objectType,
      externalId: row.externalId,
      recordName: data.name ?? data.number ?? row.externalId,
      reason: row.reason as LinkReviewView['reason'],
      candidates: (JSON.parse(row.candidates) as LinkCandidate[]).map((c) => ({ ...c, clientName: names.get(c.clientId) ?? `client ${c.clientId}` })),
      status: row.status,
      createdAt: row.createdAt,
    };
  });
}
