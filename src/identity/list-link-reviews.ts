import type { Db } from '../db/open-database.js';
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
export function listLinkReviews(db: Db, workspaceId: number, status: 'open' | 'resolved' | 'dismissed' = 'open', limit = 200): LinkReviewView[] {
  const rows = db
    .prepare(
      `SELECT v.id, v.record_id, r.provider, r.object_type, r.external_id, r.data, v.reason, v.candidates, v.status, v.created_at
         FROM link_reviews v JOIN records r ON r.id = v.record_id
        WHERE v.workspace_id = ? AND v.status = ? ORDER BY v.created_at, v.id LIMIT ?`,
    )
    .all(workspaceId, status, limit) as { id: number; record_id: number; provider: string; object_type: string; external_id: string; data: string; reason: 'conflict' | 'suggestion'; candidates: string; status: string; created_at: number }[];
  const clientName = db.prepare('SELECT name FROM clients WHERE id = ?');
  return rows.map((row) => {
    const data = JSON.parse(row.data) as { name?: string; number?: string };
    return {
      id: row.id,
      recordId: row.record_id,
      provider: row.provider,
      objectType: row.object_type,
      externalId: row.external_id,
      recordName: data.name ?? data.number ?? row.external_id,
      reason: row.reason,
      candidates: (JSON.parse(row.candidates) as LinkCandidate[]).map((c) => ({ ...c, clientName: (clientName.get(c.clientId) as { name: string } | undefined)?.name ?? `client ${c.clientId}` })),
      status: row.status,
      createdAt: row.created_at,
    };
  });
}
