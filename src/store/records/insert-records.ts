import type { Queryable } from '../store.js';
import { compileOnce, slotRows } from '../common/prepared-query.js';

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
const COLUMNS = 13;

const insertSlice = compileOnce((q, slots, rows) =>
  q
    .insertInto('records')
    .values(
      slotRows(slots, rows, COLUMNS, (value) => ({
        workspace_id: value(0),
        connection_id: value(1),
        provider: value(2),
        object_type: value(3),
        external_id: value(4),
        kind: value(5),
        data: value(6),
        raw: value(7),
        content_hash: value(8),
        source_updated_at: value(9),
        synced_at: value(10),
        deleted: value(11),
        version: value(12),
      })),
    )
    .returning(['id', 'object_type', 'external_id']),
);

/**
 * Provider records seen for the first time, at version 1, as multi-row INSERTs (one statement per 200
 * rows instead of one per record: a backfill page of 500 new records is 3 round trips, not 500), each
 * compiled once per row count (compileOnce). All rows are of one connection. Returns each new id by
 * `objectType \0 externalId` — the engines do not promise RETURNING in VALUES order, so ids are matched
 * by key, never by position.
 */
export async function insertRecords(q: Queryable, rows: readonly NewRecordRow[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const slice = rows.slice(i, i + ROWS_PER_STATEMENT);
    const values: unknown[] = [];
    for (const row of slice) {
      values.push(row.workspaceId, row.connectionId, row.provider, row.objectType, row.externalId, row.kind, row.data, row.raw, row.contentHash, row.sourceUpdatedAt, row.syncedAt, row.deleted ? 1 : 0, 1);
    }
    for (const row of await insertSlice(q, slice.length, values)) ids.set(`${row.object_type}\u0000${row.external_id}`, row.id);
  }
  return ids;
}
