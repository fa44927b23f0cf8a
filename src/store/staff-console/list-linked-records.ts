import type { Queryable } from '../store.js';

export interface LinkedRecordRow {
  id: number;
  provider: string;
  kind: string;
  objectType: string;
  externalId: string;
  data: string;
  method: string | null;
  detail: string | null;
  manual: number | null;
  decidedBy: string | null;
}

/** A client's live records with how each was linked (record_links), in provider, kind, id order. */
export async function listLinkedRecords(q: Queryable, clientId: number, limit: number): Promise<LinkedRecordRow[]> {
  return q
    .selectFrom('records as r')
    .leftJoin('record_links as l', 'l.record_id', 'r.id')
    .select(['r.id', 'r.provider', 'r.kind', 'r.object_type as objectType', 'r.external_id as externalId', 'r.data', 'l.method', 'l.detail', 'l.manual', 'l.decided_by as decidedBy'])
    .where('r.client_id', '=', clientId)
    .where('r.deleted', '=', 0)
    .orderBy('r.provider')
    .orderBy('r.kind')
    .orderBy('r.id')
    .limit(limit)
    .execute();
}
