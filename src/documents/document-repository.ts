import type { Db } from '../db/open-database.js';
import type { ListedDocument } from '../connector-kit/connector.js';

export interface StoredDocument {
  id: number;
  connectionId: number;
  provider: string;
  parentRecordId: number;
  sourceId: string;
  name: string;
  sizeBytes: number | null;
  contentType: string | null;
  sourceCreatedAt: string | null;
  locator: Record<string, unknown>;
  listedAt: number;
}

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

/** Makes the parent's documents exactly the listed ones: new ones added, changed ones updated, gone ones removed. */
export function replaceParentDocuments(db: Db, parent: { workspaceId: number; connectionId: number; provider: string; recordId: number }, listed: ListedDocument[], now = Date.now()): { added: number; removed: number } {
  const existing = new Set((db.prepare('SELECT source_id FROM documents WHERE parent_record_id = ?').all(parent.recordId) as { source_id: string }[]).map((r) => r.source_id));
  const upsert = db.prepare(
    `INSERT INTO documents (workspace_id, connection_id, provider, parent_record_id, source_id, name, size_bytes, content_type, source_created_at, locator, listed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (connection_id, parent_record_id, source_id) DO UPDATE SET name = excluded.name, size_bytes = excluded.size_bytes,
       content_type = excluded.content_type, source_created_at = excluded.source_created_at, locator = excluded.locator, listed_at = excluded.listed_at`,
  );
  let added = 0;
  const keep = new Set<string>();
  for (const doc of listed) {
    keep.add(doc.sourceId);
    if (!existing.has(doc.sourceId)) added++;
    upsert.run(parent.workspaceId, parent.connectionId, parent.provider, parent.recordId, doc.sourceId, doc.name, doc.sizeBytes, doc.contentType, doc.createdAt, JSON.stringify(doc.locator ?? {}), now);
  }
  const gone = [...existing].filter((id) => !keep.has(id));
  const remove = db.prepare('DELETE FROM documents WHERE parent_record_id = ? AND source_id = ?');
  for (const id of gone) remove.run(parent.recordId, id);
  return { added, removed: gone.length };
}

export function removeParentDocuments(db: Db, parentRecordId: number): number {
  return db.prepare('DELETE FROM documents WHERE parent_record_id = ?').run(parentRecordId).changes;
}
