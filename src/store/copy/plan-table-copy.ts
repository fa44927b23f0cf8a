import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { Queryable } from '../store.js';
import { CopyRefusedError } from './open-sqlite-source.js';

/** How one table is read from SQLite and written to PostgreSQL. */
export interface TablePlan {
  name: string;
  /** The columns, in SQLite's order: the same list is read on both sides. */
  columns: string[];
  /** What SQLite selects for each column (`rowid` for a PostgreSQL column that holds SQLite's rowid). */
  sourceExpressions: string[];
  /** Primary-key columns (every column for a table without one): the order rows are read in. */
  orderBy: string[];
  /** Columns whose PostgreSQL type is text (text or citext): ordered byte-wise there, as SQLite does. */
  textColumns: Set<string>;
  /** Columns that are jsonb on PostgreSQL (records.data, migration 24) and JSON text on SQLite: checksummed as values. */
  jsonColumns: Set<string>;
  /** Columns referencing this same table (clients.merged_into_client_id): written after every row exists. */
  selfReferences: string[];
  /** Identity columns on PostgreSQL: their sequences are moved past the copied values. */
  identityColumns: string[];
}

interface PgColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_identity: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every table but the migration ledger, as SQLite lists them. */
export function listSqliteTables(source: Database.Database): string[] {
  return (
    source
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name != 'schema_migrations' ORDER BY rowid`)
      .raw(true)
      .all() as [string][]
  ).map(([name]) => name);
}

/**
 * Plans the copy: the SQLite file's tables in foreign-key order (a table after every table it
 * references), each with its columns matched to the PostgreSQL table of the same name. Tables or
 * columns found on one side only refuse the copy with one sentence: the schemas must be the same
 * version on both sides.
 */
export async function planTableCopy(source: Database.Database, target: Queryable): Promise<TablePlan[]> {
  const tables = listSqliteTables(source);
  const pgColumns = (
    // Generated columns (records' fields derived from their data, migration 20) are the database's
    // own: never written, so never copied; SQLite's table_info leaves them out as well.
    await sql<PgColumn>`SELECT table_name, column_name, data_type, udt_name, is_identity
      FROM information_schema.columns WHERE table_schema = current_schema() AND is_generated = 'NEVER'
      ORDER BY table_name, ordinal_position`.execute(target)
  ).rows;
  const pgTables = new Map<string, PgColumn[]>();
  for (const column of pgColumns) {
    if (column.table_name === 'schema_migrations') continue;
    pgTables.set(column.table_name, [...(pgTables.get(column.table_name) ?? []), column]);
  }
  if (pgTables.size === 0) throw new CopyRefusedError('The PostgreSQL database has no ClientHub tables: nothing to compare (copy into it with `clienthub db copy --to <url>`).');
  const onlyPg = [...pgTables.keys()].filter((t) => !tables.includes(t));
  const onlySqlite = tables.filter((t) => !pgTables.has(t));
  if (onlyPg.length > 0 || onlySqlite.length > 0) {
    const parts = [onlySqlite.length > 0 ? `only in the SQLite file: ${onlySqlite.join(', ')}` : '', onlyPg.length > 0 ? `only in PostgreSQL: ${onlyPg.join(', ')}` : ''].filter(Boolean);
    throw new CopyRefusedError(`The two databases do not have the same tables (${parts.join('; ')}): bring both to the same schema version with \`clienthub db migrate\` first.`);
  }

  const plans = new Map<string, TablePlan>();
  const references = new Map<string, Set<string>>();
  for (const table of tables) {
    const info = source.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string; pk: bigint | number }[];
    const pg = pgTables.get(table)!;
    const pgNames = new Set(pg.map((c) => c.column_name));
    const columns = info.map((c) => c.name);
    const missing = columns.filter((c) => !pgNames.has(c));
    // SQLite's implicit rowid is a real column on PostgreSQL (sessions.rowid): it is copied into it.
    const extra = pg.map((c) => c.column_name).filter((c) => !columns.includes(c));
    const rowidColumn = extra.includes('rowid') ? ['rowid'] : [];
    const unmatched = extra.filter((c) => c !== 'rowid');
    if (missing.length > 0 || unmatched.length > 0) {
      throw new CopyRefusedError(
        `Table ${table} has different columns in the two databases (${[...missing.map((c) => `${c} only in SQLite`), ...unmatched.map((c) => `${c} only in PostgreSQL`)].join(', ')}): bring both to the same schema version with \`clienthub db migrate\` first.`,
      );
    }
    const allColumns = [...columns, ...rowidColumn];
    const primaryKey = info.filter((c) => Number(c.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk)).map((c) => c.name);
    const foreignKeys = source.prepare(`PRAGMA foreign_key_list(${quote(table)})`).all() as { table: string; from: string }[];
    references.set(table, new Set(foreignKeys.map((f) => f.table).filter((t) => t !== table)));
    plans.set(table, {
      name: table,
      columns: allColumns,
      sourceExpressions: [...columns.map(quote), ...rowidColumn.map(() => 'rowid')],
      orderBy: primaryKey.length > 0 ? primaryKey : allColumns,
      textColumns: new Set(pg.filter((c) => c.data_type === 'text' || c.udt_name === 'citext').map((c) => c.column_name)),
      jsonColumns: new Set(pg.filter((c) => c.udt_name === 'jsonb').map((c) => c.column_name)),
      selfReferences: foreignKeys.filter((f) => f.table === table).map((f) => f.from),
      identityColumns: pg.filter((c) => c.is_identity === 'YES').map((c) => c.column_name),
    });
  }

  // Foreign-key order; ties keep SQLite's creation order.
  const ordered: TablePlan[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find((t) => !placed.has(t) && [...references.get(t)!].every((r) => placed.has(r) || !plans.has(r)));
    if (next === undefined) throw new Error(`The foreign keys of ${tables.filter((t) => !placed.has(t)).join(', ')} form a cycle: the copy cannot order them.`);
    placed.add(next);
    ordered.push(plans.get(next)!);
  }
  return ordered;
}
