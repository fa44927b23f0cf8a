import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { migrations } from '../../db/migrations/index.js';
import { openPostgresStore } from '../postgres/open-postgres-store.js';
import type { StoreEngine } from '../store.js';
import { openSqliteSource } from './open-sqlite-source.js';
import { listSqliteTables } from './plan-table-copy.js';
import { readPostgresMigrationVersions, readSqliteMigrationVersions } from './read-migration-versions.js';

export interface StoreStatus {
  engine: StoreEngine;
  where: string;
  /** False when the SQLite file does not exist yet (the hub creates it on first start). */
  exists: boolean;
  /** The highest migration applied (0: none). */
  version: number;
  pending: { version: number; name: string }[];
  tables: { table: string; rows: number }[];
}

function pendingOf(applied: number[]): StoreStatus['pending'] {
  const done = new Set(applied);
  return migrations.filter((m) => !done.has(m.version)).map((m) => ({ version: m.version, name: m.name }));
}

/** `clienthub db status`: the configured store (DATABASE_URL, else the SQLite file) as it is — nothing is migrated or written. */
export async function readStoreStatus(config: { databaseFile: string; databaseUrl: string | undefined }): Promise<StoreStatus> {
  if (config.databaseUrl === undefined) {
    const where = `SQLite file ${config.databaseFile}`;
    if (!existsSync(config.databaseFile)) return { engine: 'sqlite', where, exists: false, version: 0, pending: pendingOf([]), tables: [] };
    const handle = openSqliteSource(config.databaseFile);
    try {
      const applied = readSqliteMigrationVersions(handle);
      const tables = listSqliteTables(handle).map((table) => ({
        table,
        rows: Number((handle.prepare(`SELECT COUNT(*) FROM "${table.replace(/"/g, '""')}"`).raw(true).get() as [bigint])[0]),
      }));
      return { engine: 'sqlite', where, exists: true, version: Math.max(0, ...applied), pending: pendingOf(applied), tables };
    } finally {
      handle.close();
    }
  }
  const store = await openPostgresStore(config.databaseUrl, { poolSize: 2, migrate: false });
  try {
    const applied = await readPostgresMigrationVersions(store.db);
    const { rows } = await sql<{ table: string }>`SELECT table_name AS table FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name != 'schema_migrations' ORDER BY table_name`.execute(store.db);
    const tables: StoreStatus['tables'] = [];
    for (const { table } of rows) {
      const counted = await sql<{ rows: number }>`SELECT COUNT(*) AS rows FROM ${sql.table(table)}`.execute(store.db);
      tables.push({ table, rows: Number(counted.rows[0]!.rows) });
    }
    return { engine: 'postgres', where: store.describe(), exists: true, version: Math.max(0, ...applied), pending: pendingOf(applied), tables };
  } finally {
    await store.close();
  }
}
