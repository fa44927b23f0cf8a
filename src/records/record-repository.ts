import type { Db } from '../db/open-database.js';
import type { RecordKind, StoredRecord } from '../model/unified-model.js';

interface RecordRow {
  id: number;
  workspace_id: number;
  connection_id: number;
  provider: string;
  object_type: string;
  external_id: string;
  kind: string;
  data: string;
  raw: string;
  content_hash: string;
  source_updated_at: number | null;
  synced_at: number;
  deleted: number;
  client_id: number | null;
  version: number;
}

function toRecord<K extends RecordKind>(row: RecordRow): StoredRecord<K> {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    connectionId: row.connection_id,
    provider: row.provider,
    objectType: row.object_type,
    externalId: row.external_id,
    kind: row.kind as K,
    data: JSON.parse(row.data),
    raw: JSON.parse(row.raw),
    contentHash: row.content_hash,
    sourceUpdatedAt: row.source_updated_at,
    syncedAt: row.synced_at,
    deleted: row.deleted === 1,
    clientId: row.client_id,
    version: row.version,
  };
}

export function getRecordById<K extends RecordKind>(db: Db, id: number): StoredRecord<K> | undefined {
  const row = db.prepare('SELECT * FROM records WHERE id = ?').get(id) as RecordRow | undefined;
  return row ? toRecord<K>(row) : undefined;
}

export function findRecord<K extends RecordKind>(
  db: Db,
  connectionId: number,
  objectType: string,
  externalId: string,
): StoredRecord<K> | undefined {
  const row = db
    .prepare('SELECT * FROM records WHERE connection_id = ? AND object_type = ? AND external_id = ?')
    .get(connectionId, objectType, externalId) as RecordRow | undefined;
  return row ? toRecord<K>(row) : undefined;
}

export function linkRecordToClient(db: Db, recordId: number, clientId: number): void {
  db.prepare('UPDATE records SET client_id = ? WHERE id = ?').run(clientId, recordId);
}
