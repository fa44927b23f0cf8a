import type { Queryable } from '../store.js';

export interface NewRecordRow {
  workspaceId: number;
  connectionId: number;
  provider: string;
  objectType: string;
  externalId: string;
  kind: string;
  /** JSON text. */
  data: string;
  /** JSON text (stable key order, so its hash is reproducible). */
  raw: string;
  contentHash: string;
  sourceUpdatedAt: number | null;
  syncedAt: number;
  deleted: boolean;
}

/** A provider record seen for the first time, at version 1; returns its id. */
export async function insertRecord(q: Queryable, row: NewRecordRow): Promise<number> {
  const inserted = await q
    .insertInto('records')
    .values({
      workspace_id: row.workspaceId,
      connection_id: row.connectionId,
      provider: row.provider,
      object_type: row.objectType,
      external_id: row.externalId,
      kind: row.kind,
      data: row.data,
      raw: row.raw,
      content_hash: row.contentHash,
      source_updated_at: row.sourceUpdatedAt,
      synced_at: row.syncedAt,
      deleted: row.deleted ? 1 : 0,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}
