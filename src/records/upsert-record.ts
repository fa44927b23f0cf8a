import type { Db } from '../db/open-database.js';
import type { RecordKind, RecordSource } from '../model/unified-model.js';
import { contentHash, stableStringify } from './content-hash.js';
import { cachedStatement } from '../db/cached-statement.js';

export interface RecordWrite extends RecordSource {
  workspaceId: number;
  kind: RecordKind;
  data: unknown;
  raw: unknown;
  sourceUpdatedAt: number | null;
  deleted: boolean;
}

export type UpsertOutcome = 'added' | 'updated' | 'deleted' | 'unchanged' | 'stale';

export interface UpsertResult {
  outcome: UpsertOutcome;
  recordId: number;
}

interface ExistingRow {
  id: number;
  content_hash: string;
  source_updated_at: number | null;
  deleted: number;
  version: number;
}

/**
 * Idempotent, ordered upsert. Webhooks arrive twice and out of order, polls overlap:
 * - an older source version never overwrites a newer one ('stale');
 * - identical content is not written again ('unchanged');
 * Must run inside the caller's transaction.
 */
export function upsertRecord(db: Db, write: RecordWrite, now = Date.now()): UpsertResult {
  const hash = contentHash({ kind: write.kind, raw: write.raw, deleted: write.deleted });
  const existing = cachedStatement(db, 
      `SELECT id, content_hash, source_updated_at, deleted, version FROM records
       WHERE connection_id = ? AND object_type = ? AND external_id = ?`,
    )
    .get(write.connectionId, write.objectType, write.externalId) as ExistingRow | undefined;

  if (!existing) {
    const inserted = cachedStatement(db, 
        `INSERT INTO records (workspace_id, connection_id, provider, object_type, external_id, kind, data, raw,
           content_hash, source_updated_at, synced_at, deleted, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
      )
      .get(
        write.workspaceId,
        write.connectionId,
        write.provider,
        write.objectType,
        write.externalId,
        write.kind,
        JSON.stringify(write.data),
        stableStringify(write.raw),
        hash,
        write.sourceUpdatedAt,
        now,
        write.deleted ? 1 : 0,
      ) as { id: number };
    recordChange(db, inserted.id, write.deleted ? 'deleted' : 'created', 1, now);
    return { outcome: write.deleted ? 'deleted' : 'added', recordId: inserted.id };
  }

  if (
    existing.source_updated_at != null &&
    write.sourceUpdatedAt != null &&
    write.sourceUpdatedAt < existing.source_updated_at
  ) {
    return { outcome: 'stale', recordId: existing.id };
  }
  if (existing.content_hash === hash) return { outcome: 'unchanged', recordId: existing.id };

  const version = existing.version + 1;
  cachedStatement(db, 
    `UPDATE records SET kind = ?, data = ?, raw = ?, content_hash = ?, source_updated_at = ?, synced_at = ?,
       deleted = ?, version = ? WHERE id = ?`,
  ).run(
    write.kind,
    JSON.stringify(write.data),
    stableStringify(write.raw),
    hash,
    write.sourceUpdatedAt ?? existing.source_updated_at,
    now,
    write.deleted ? 1 : 0,
    version,
    existing.id,
  );
  const outcome: UpsertOutcome = write.deleted && !existing.deleted ? 'deleted' : 'updated';
  recordChange(db, existing.id, outcome === 'deleted' ? 'deleted' : 'updated', version, now);
  return { outcome, recordId: existing.id };
}

function recordChange(db: Db, recordId: number, change: 'created' | 'updated' | 'deleted', version: number, at: number) {
  cachedStatement(db, 'INSERT INTO record_changes (record_id, change, version, at) VALUES (?, ?, ?, ?)').run(
    recordId,
    change,
    version,
    at,
  );
}
