import type Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';

/** The migration versions applied to a SQLite file (none when it has no ledger yet). */
export function readSqliteMigrationVersions(handle: Database.Database): number[] {
  const ledger = handle.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!ledger) return [];
  return (handle.prepare('SELECT version FROM schema_migrations ORDER BY version').raw(true).all() as [bigint | number][]).map(([v]) => Number(v));
}

/** The migration versions applied to a PostgreSQL database (none when it has no ledger yet). */
export async function readPostgresMigrationVersions(db: Kysely<DB>): Promise<number[]> {
  const { rows } = await sql<{ ledger: string | null }>`SELECT to_regclass('schema_migrations')::text AS ledger`.execute(db);
  if (rows[0]?.ledger === null || rows[0]?.ledger === undefined) return [];
  return (await db.selectFrom('schema_migrations').select('version').orderBy('version').execute()).map((r) => Number(r.version));
}
