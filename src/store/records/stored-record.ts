import type { Selectable } from 'kysely';
import type { Records } from '../schema.js';
import type { RecordKind, StoredRecord } from '../../model/unified-model.js';

/** A records row as the services read it: data and raw parsed, deleted a boolean. */
export function toStoredRecord<K extends RecordKind>(row: Selectable<Records>): StoredRecord<K> {
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
