import type { Db } from '../../src/db/open-database.js';
import { contentHash, stableStringify } from '../../src/records/content-hash.js';
import { cachedStatement } from './cached-statement.js';
import type { RecordWrite, UpsertOutcome, UpsertResult } from '../../src/records/upsert-record.js';

interface ExistingRow {
  id: number;
  content_hash: string;
  source_updated_at: number | null;
  deleted: number;
  version: number;
}

/**
 * A bench fixture (not product code): the synchronous twin of `upsertRecord` (src/records/upsert-record.ts)
 * on a SQLite handle, for benches and scripts that seed hundreds of thousands of rows on the SQLite file
 * beside other synchronous writes (bench/portal-dashboard, bench/bench-relink, scripts/measure-linking).
 * Same rules, same rows. Tests use the async store (tests/support/seed-portal*.ts).
 */
export function upsertRecordSync(db: Db, write: RecordWrite, now = Date.now()): UpsertResult {
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
