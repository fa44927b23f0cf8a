import type { Queryable } from '../store.js';

/** A record as identity linking reads it: what it is, who it belongs to now, and how that was decided. */
export interface LinkRow {
  id: number;
  connection_id: number;
  provider: string;
  object_type: string;
  kind: string;
  external_id: string;
  data: string;
  client_id: number | null;
  link_method: string | null;
  manual: number | null;
  source_client_id: number | null;
}

/** Records with their link decision and the client provisioned from them (when one was). */
export function selectLinkRows(q: Queryable) {
  return q
    .selectFrom('records as r')
    .leftJoin('record_links as l', 'l.record_id', 'r.id')
    .leftJoin('client_sources as cs', 'cs.record_id', 'r.id')
    .select(['r.id', 'r.connection_id', 'r.provider', 'r.object_type', 'r.kind', 'r.external_id', 'r.data', 'r.client_id', 'l.method as link_method', 'l.manual', 'cs.client_id as source_client_id']);
}

/** Slices of a long id list, so no statement binds more parameters than either engine takes. */
export function chunksOf<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
