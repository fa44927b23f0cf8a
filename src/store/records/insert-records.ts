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

/** Rows per INSERT: 13 parameters each stays far below either engine's parameter limit (SQLite 32 766, PostgreSQL 65 535). */
const ROWS_PER_STATEMENT = 200;

/**
 * Provider records seen for the first time, at version 1, as multi-row INSERTs (one statement per 200
 * rows instead of one per record: a backfill page of 500 new records is 3 round trips, not 500).
 * All rows are of one connection. Returns each new id by `objectType \0 externalId` — the engines do not
 * promise RETURNING in VALUES order, so ids are matched by key, never by position.
 */
export async function insertRecords(q: Queryable, rows: readonly NewRecordRow[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const slice = rows.slice(i, i + ROWS_PER_STATEMENT);
    const inserted = await q
      .insertInto('records')
      .values(
        slice.map((row) => ({
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
        })),
      )
      .returning(['id', 'object_type', 'external_id'])
      .execute();
    for (const row of inserted) ids.set(`${row.object_type}\u0000${row.external_id}`, row.id);
  }
  return ids;
}
