import type { Queryable } from '../store.js';

/**
 * What the ordered upsert compares against: the stored version of one provider record. Not its data:
 * every sync page reads these for all its records, and only a bodiless tombstone needs the data
 * (findRecordData).
 */
export interface RecordState {
  id: number;
  contentHash: string;
  sourceUpdatedAt: number | null;
  deleted: boolean;
  version: number;
}

export async function findRecordState(q: Queryable, connectionId: number, objectType: string, externalId: string): Promise<RecordState | undefined> {
  const row = await q
    .selectFrom('records')
    .select(['id', 'content_hash', 'source_updated_at', 'deleted', 'version'])
    .where('connection_id', '=', connectionId)
    .where('object_type', '=', objectType)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, contentHash: row.content_hash, sourceUpdatedAt: row.source_updated_at, deleted: row.deleted === 1, version: row.version };
}
