import type { Queryable } from '../store.js';

export interface DocumentWrite {
  workspaceId: number;
  connectionId: number;
  provider: string;
  parentRecordId: number;
  sourceId: string;
  name: string;
  sizeBytes: number | null;
  contentType: string | null;
  sourceCreatedAt: string | null;
  /** JSON text: how the connector opens the file again. */
  locator: string;
  listedAt: number;
}

/** Stores one listed document of a parent record: added when new, its metadata refreshed when already there. */
export async function upsertDocument(q: Queryable, doc: DocumentWrite): Promise<void> {
  await q
    .insertInto('documents')
    .values({
      workspace_id: doc.workspaceId,
      connection_id: doc.connectionId,
      provider: doc.provider,
      parent_record_id: doc.parentRecordId,
      source_id: doc.sourceId,
      name: doc.name,
      size_bytes: doc.sizeBytes,
      content_type: doc.contentType,
      source_created_at: doc.sourceCreatedAt,
      locator: doc.locator,
      listed_at: doc.listedAt,
    })
    .onConflict((oc) =>
      oc.columns(['connection_id', 'parent_record_id', 'source_id']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        size_bytes: eb.ref('excluded.size_bytes'),
        content_type: eb.ref('excluded.content_type'),
        source_created_at: eb.ref('excluded.source_created_at'),
        locator: eb.ref('excluded.locator'),
        listed_at: eb.ref('excluded.listed_at'),
      })),
    )
    .execute();
}
