import { existsSync } from 'node:fs';
import { openDatabase } from '../../db/open-database.js';
import { openPostgresStore } from '../postgres/open-postgres-store.js';
import { migratePostgres } from '../postgres/migrate-postgres.js';
import type { StoreEngine } from '../store.js';
import { openSqliteSource } from './open-sqlite-source.js';
import { readPostgresMigrationVersions, readSqliteMigrationVersions } from './read-migration-versions.js';

export interface MigrateResult {
  engine: StoreEngine;
  where: string;
  /** Migration versions this run applied (PostgreSQL's baseline counts as its version, 19). */
  applied: number[];
  version: number;
}

/**
 * `clienthub db migrate`: brings the configured store to this ClientHub's schema — PostgreSQL at
 * DATABASE_URL (under the advisory lock every process takes), else the SQLite file (created if
 * missing). Running it again applies nothing.
 */
export async function migrateConfiguredStore(config: { databaseFile: string; databaseUrl: string | undefined }): Promise<MigrateResult> {
  if (config.databaseUrl !== undefined) {
    const store = await openPostgresStore(config.databaseUrl, { poolSize: 2, migrate: false });
    try {
      const applied = await migratePostgres(store.db);
      return { engine: 'postgres', where: store.describe(), applied, version: Math.max(0, ...(await readPostgresMigrationVersions(store.db))) };
    } finally {
      await store.close();
    }
  }
  const readVersions = () => {
    if (!existsSync(config.databaseFile)) return [];
    const handle = openSqliteSource(config.databaseFile);
    try {
      return readSqliteMigrationVersions(handle);
    } finally {
      handle.close();
    }
  };
  const before = new Set(readVersions());
  openDatabase(config.databaseFile).close();
  const after = readVersions();
  return { engine: 'sqlite', where: `SQLite file ${config.databaseFile}`, applied: after.filter((v) => !before.has(v)), version: Math.max(0, ...after) };
}
