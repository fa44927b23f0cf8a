import type { Queryable } from '../store.js';

export interface RecordContent {
  kind: string;
  data: string;
  raw: string;
  contentHash: string;
  sourceUpdatedAt: number | null;
  syncedAt: number;
  deleted: boolean;
  version: number;
}

/** Stores a newer version of a record (the caller decided it is newer and different). */
export async function updateRecordContent(q: Queryable, id: number, content: RecordContent): Promise<void> {
  await q
    .updateTable('records')
    .set({
      kind: content.kind,
      data: content.data,
      raw: content.raw,
      content_hash: content.contentHash,
      source_updated_at: content.sourceUpdatedAt,
      synced_at: content.syncedAt,
      deleted: content.deleted ? 1 : 0,
      version: content.version,
    })
    .where('id', '=', id)
    .execute();
}
