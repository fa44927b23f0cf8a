import { sql } from 'kysely';
import type { Queryable } from '../store.js';
import { preparedPerShape } from '../common/prepared-query.js';

/**
 * Which of these (connection, kind) pairs hold at least one live record, as `connectionId:kind` keys:
 * one statement of indexed probes, not one round trip per pair — the portal asks on every page which
 * modules its connections provide. Each probe is the first live row in the (connection, kind,
 * external id) index's order: as an EXISTS, PostgreSQL may plan a kind with many rows as a scan of
 * the table that stops at the first match, which walks the whole table when that kind's rows sit at
 * its end. The casts name the parameter types for PostgreSQL; SQLite takes them as they are.
 */
export async function listConnectionRecordKinds(q: Queryable, pairs: readonly { connectionId: number; kind: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await probesOf(pairs.length)(q, ...pairs.flatMap(({ connectionId, kind }) => [connectionId, kind]));
  return new Set(rows.map((row) => `${Number(row.connection_id)}:${row.kind}`));
}

// Per number of pairs (a workspace's connections times the kinds not declared): the same few on every page.
const probesOf = preparedPerShape(
  (count: number) =>
    (db, ...values: (number | string)[]) => {
      const probes = Array.from({ length: count }, (_, i) => {
        const [connectionId, kind] = [values[2 * i], values[2 * i + 1]];
        return sql`SELECT CAST(${connectionId} AS INTEGER) AS connection_id, CAST(${kind} AS TEXT) AS kind WHERE (SELECT external_id FROM records WHERE connection_id = ${connectionId} AND kind = ${kind} AND deleted = 0 ORDER BY connection_id, kind, external_id LIMIT 1) IS NOT NULL`;
      });
      return sql<{ connection_id: number | string; kind: string }>`${sql.join(probes, sql` UNION ALL `)}`.compile(db);
    },
  String,
);
