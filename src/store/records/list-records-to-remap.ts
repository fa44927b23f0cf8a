import type { Queryable } from '../store.js';

export interface StoredPayloadRow {
  id: number;
  objectType: string;
  externalId: string;
  kind: string;
  data: string;
  raw: string;
  deleted: boolean;
  sourceUpdatedAt: number | null;
}

/**
 * One page (by id, after `afterId`) of a connection's stored records (optionally one object type),
 * with their raw payloads, for re-mapping: pages keep memory flat on a large cache.
 */
export async function listRecordsToRemap(
  q: Queryable,
  connectionId: number,
  page: { objectType?: string; afterId?: number; limit: number },
): Promise<StoredPayloadRow[]> {
  let query = q
    .selectFrom('records')
    .select(['id', 'object_type', 'external_id', 'kind', 'data', 'raw', 'deleted', 'source_updated_at'])
    .where('connection_id', '=', connectionId)
    .where('id', '>', page.afterId ?? 0);
  if (page.objectType) query = query.where('object_type', '=', page.objectType);
  const rows = await query.orderBy('id').limit(page.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    objectType: row.object_type,
    externalId: row.external_id,
    kind: row.kind,
    data: row.data,
    raw: row.raw,
    deleted: row.deleted === 1,
    sourceUpdatedAt: row.source_updated_at,
  }));
}
