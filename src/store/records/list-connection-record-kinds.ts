import { sql } from 'kysely';
import type { Queryable } from '../store.js';

/**
 * Which of these (connection, kind) pairs hold at least one live record, as `connectionId:kind` keys:
 * one statement of indexed probes (an EXISTS with LIMIT-1 cost each), not one round trip per pair —
 * the portal asks on every page which modules its connections provide. The casts name the parameter
 * types for PostgreSQL; SQLite takes them as they are.
 */
export async function listConnectionRecordKinds(q: Queryable, pairs: readonly { connectionId: number; kind: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const probes = pairs.map(
    ({ connectionId, kind }) =>
      sql`SELECT CAST(${connectionId} AS INTEGER) AS connection_id, CAST(${kind} AS TEXT) AS kind WHERE EXISTS (SELECT 1 FROM records WHERE connection_id = ${connectionId} AND kind = ${kind} AND deleted = 0)`,
  );
  const { rows } = await sql<{ connection_id: number | string; kind: string }>`${sql.join(probes, sql` UNION ALL `)}`.execute(q);
  return new Set(rows.map((row) => `${Number(row.connection_id)}:${row.kind}`));
}
