import type { Queryable } from '../store.js';

/** What the ordered upsert compares against: the stored version of one provider record. */
export interface RecordState {
  id: number;
  contentHash: string;
  sourceUpdatedAt: number | null;
  deleted: boolean;
  version: number;
  /** The stored unified data (JSON text), kept by a tombstone that carries no body. */
  data: string;
}

export async function findRecordState(q: Queryable, connectionId: number, objectType: string, externalId: string): Promise<RecordState | undefined> {
  const row = await q
    .selectFrom('records')
    .select(['id', 'content_hash', 'source_updated_at', 'deleted', 'version', 'data'])
    .where('connection_id', '=', connectionId)
    .where('object_type', '=', objectType)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, contentHash: row.content_hash, sourceUpdatedAt: row.source_updated_at, deleted: row.deleted === 1, version: row.version, data: row.data };
}
