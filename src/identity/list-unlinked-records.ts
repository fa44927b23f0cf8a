import type { Db } from '../db/open-database.js';

export interface UnlinkedRecordView {
  recordId: number;
  provider: string;
  kind: string;
  objectType: string;
  externalId: string;
  /** The record's name (or invoice number), else its provider id. */
  recordName: string;
  /** Addresses and domains it carries: what staff recognise a company by. */
  hints: string[];
  /** Waiting in the review queue (then the review says which clients it might belong to). */
  inReview: boolean;
  syncedAt: number;
}

export interface UnlinkedRecordFilter {
  provider?: string;
  kind?: string;
  /** Part of the name, number or provider id. */
  search?: string;
  page?: number;
  pageSize?: number;
}

export interface UnlinkedRecordPage {
  records: UnlinkedRecordView[];
  total: number;
  page: number;
  pageSize: number;
  /** Unlinked records per provider and kind, whatever the filter: where the gaps are. */
  counts: { provider: string; kind: string; count: number }[];
}

/**
 * Live records that belong to no client and that nobody decided about: what the rules could not link
 * (or only suggested), per provider and kind, for staff to link by hand instead of guessing record
 * ids. A record staff marked "belongs to no client" is a decision, not a gap: it is left out, and so
 * are the team's own people (CRM owners), who are never a client's.
 */
export function listUnlinkedRecords(db: Db, workspaceId: number, filter: UnlinkedRecordFilter = {}): UnlinkedRecordPage {
  const page = Math.max(1, filter.page ?? 1);
  const pageSize = Math.min(500, Math.max(1, filter.pageSize ?? 50));
  const base = `FROM records r LEFT JOIN record_links l ON l.record_id = r.id
    WHERE r.workspace_id = ? AND r.client_id IS NULL AND r.deleted = 0 AND r.kind != 'team_member' AND COALESCE(l.manual, 0) = 0`;
  const where: string[] = [];
  const params: unknown[] = [workspaceId];
  if (filter.provider) {
    where.push('r.provider = ?');
    params.push(filter.provider);
  }
  if (filter.kind) {
    where.push('r.kind = ?');
    params.push(filter.kind);
  }
  const search = filter.search?.trim();
  if (search) {
    // LIKE with the user's text taken literally: %, _ and \ are escaped.
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(`(json_extract(r.data, '$.name') LIKE ? ESCAPE '\\' OR json_extract(r.data, '$.number') LIKE ? ESCAPE '\\' OR r.external_id LIKE ? ESCAPE '\\')`);
    params.push(pattern, pattern, pattern);
  }
  const filtered = `${base}${where.map((w) => ` AND ${w}`).join('')}`;
  const total = (db.prepare(`SELECT COUNT(*) AS n ${filtered}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT r.id, r.provider, r.kind, r.object_type, r.external_id, r.data, r.synced_at,
              EXISTS (SELECT 1 FROM link_reviews v WHERE v.record_id = r.id AND v.status = 'open') AS in_review
         ${filtered} ORDER BY r.provider, r.kind, r.id LIMIT ? OFFSET ?`,
    )
    .all(...params, pageSize, (page - 1) * pageSize) as { id: number; provider: string; kind: string; object_type: string; external_id: string; data: string; synced_at: number; in_review: number }[];
  const counts = db.prepare(`SELECT r.provider, r.kind, COUNT(*) AS count ${base} GROUP BY r.provider, r.kind ORDER BY r.provider, r.kind`).all(workspaceId) as UnlinkedRecordPage['counts'];
  return {
    records: rows.map((row) => {
      const data = JSON.parse(row.data) as { name?: string; number?: string; email?: string | null; emails?: string[]; domain?: string | null; website?: string | null };
      const hints = [...new Set([...(data.emails ?? []), data.email, data.domain, data.website].filter((v): v is string => typeof v === 'string' && v !== ''))];
      return {
        recordId: row.id,
        provider: row.provider,
        kind: row.kind,
        objectType: row.object_type,
        externalId: row.external_id,
        recordName: data.name || data.number || row.external_id,
        hints,
        inReview: row.in_review === 1,
        syncedAt: row.synced_at,
      };
    }),
    total,
    page,
    pageSize,
    counts,
  };
}
