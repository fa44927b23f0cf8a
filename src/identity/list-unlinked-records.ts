import type { Queryable } from '../store/store.js';
import {
  countUnlinkedByProviderAndKind,
  countUnlinkedRecords,
  listRecordsInOpenReview,
  listUnlinkedRecordRows,
  type UnlinkedRecordQuery,
  type UnlinkedRecordRow,
} from '../store/identity/list-unlinked-record-rows.js';

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
export async function listUnlinkedRecords(q: Queryable, workspaceId: number, filter: UnlinkedRecordFilter = {}): Promise<UnlinkedRecordPage> {
  const page = Math.max(1, filter.page ?? 1);
  const pageSize = Math.min(500, Math.max(1, filter.pageSize ?? 50));
  const query: UnlinkedRecordQuery = { workspaceId, provider: filter.provider || undefined, kind: filter.kind || undefined };
  const search = filter.search?.trim();
  let total: number;
  let rows: UnlinkedRecordRow[];
  if (search) {
    // The name and number live in the record's JSON: the store narrows by the text (as JSON would
    // spell it) anywhere in the data or the provider id, and the match is decided here on the fields.
    const needle = search.toLowerCase();
    const matches = (await listUnlinkedRecordRows(q, { ...query, contains: JSON.stringify(search).slice(1, -1) })).filter((row) => {
      const data = JSON.parse(row.data) as { name?: unknown; number?: unknown };
      return [data.name, data.number, row.externalId].some((value) => typeof value === 'string' && value.toLowerCase().includes(needle));
    });
    total = matches.length;
    rows = matches.slice((page - 1) * pageSize, page * pageSize);
  } else {
    total = await countUnlinkedRecords(q, query);
    rows = await listUnlinkedRecordRows(q, query, { limit: pageSize, offset: (page - 1) * pageSize });
  }
  const inReview = await listRecordsInOpenReview(q, rows.map((row) => row.id));
  const counts = await countUnlinkedByProviderAndKind(q, workspaceId);
  return {
    records: rows.map((row) => {
      const data = JSON.parse(row.data) as { name?: string; number?: string; email?: string | null; emails?: string[]; domain?: string | null; website?: string | null };
      const hints = [...new Set([...(data.emails ?? []), data.email, data.domain, data.website].filter((v): v is string => typeof v === 'string' && v !== ''))];
      return {
        recordId: row.id,
        provider: row.provider,
        kind: row.kind,
        objectType: row.objectType,
        externalId: row.externalId,
        recordName: data.name || data.number || row.externalId,
        hints,
        inReview: inReview.has(row.id),
        syncedAt: row.syncedAt,
      };
    }),
    total,
    page,
    pageSize,
    counts,
  };
}
