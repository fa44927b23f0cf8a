import type { Queryable } from '../store/store.js';
import { listParentDocumentSourceIds } from '../store/documents/list-parent-document-source-ids.js';
import { upsertDocument, type DocumentWrite } from '../store/documents/upsert-document.js';
import { deleteParentDocuments } from '../store/documents/delete-parent-documents.js';
import type { ListedDocument } from '../connector-kit/connector.js';

/** A listed document as the hub keeps it: the stored row's fields, its locator parsed. */
export type StoredDocument = Omit<DocumentWrite, 'workspaceId' | 'locator'> & { id: number; locator: Record<string, unknown> };

/** A `documents` row as stored (queries that join more columns extend it). */
export interface DocumentRow {
  id: number;
  connection_id: number;
  provider: string;
  parent_record_id: number;
  source_id: string;
  name: string;
  size_bytes: number | null;
  content_type: string | null;
  source_created_at: string | null;
  locator: string;
  listed_at: number;
}

export function toStoredDocument(row: DocumentRow): StoredDocument {
  return {
    id: row.id,
    connectionId: row.connection_id,
    provider: row.provider,
    parentRecordId: row.parent_record_id,
    sourceId: row.source_id,
    name: row.name,
    sizeBytes: row.size_bytes,
    contentType: row.content_type,
    sourceCreatedAt: row.source_created_at,
    locator: JSON.parse(row.locator) as Record<string, unknown>,
    listedAt: row.listed_at,
  };
}

/**
 * Makes the parent's documents exactly the listed ones: new ones added, changed ones updated, gone
 * ones removed. Several statements: run it in the caller's transaction (`q` is that transaction).
 */
export async function replaceParentDocuments(q: Queryable, parent: { workspaceId: number; connectionId: number; provider: string; recordId: number }, listed: ListedDocument[], now = Date.now()): Promise<{ added: number; removed: number }> {
  const existing = new Set(await listParentDocumentSourceIds(q, parent.recordId));
  let added = 0;
  const keep = new Set<string>();
  for (const doc of listed) {
    keep.add(doc.sourceId);
    if (!existing.has(doc.sourceId)) added++;
    await upsertDocument(q, {
      workspaceId: parent.workspaceId,
      connectionId: parent.connectionId,
      provider: parent.provider,
      parentRecordId: parent.recordId,
      sourceId: doc.sourceId,
      name: doc.name,
      sizeBytes: doc.sizeBytes,
      contentType: doc.contentType,
      sourceCreatedAt: doc.createdAt,
      locator: JSON.stringify(doc.locator ?? {}),
      listedAt: now,
    });
  }
  const gone = [...existing].filter((id) => !keep.has(id));
  await deleteParentDocuments(q, parent.recordId, gone);
  return { added, removed: gone.length };
}

/** Removes every document of a parent record; returns how many went. */
export async function removeParentDocuments(q: Queryable, parentRecordId: number): Promise<number> {
  return deleteParentDocuments(q, parentRecordId);
}
