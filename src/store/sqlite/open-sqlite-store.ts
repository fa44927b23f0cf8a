import type Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { Store } from '../store.js';
import { createSqliteStoreDialect } from './sqlite-store-dialect.js';

/**
 * The embedded engine: the SQLite file in the data directory, through the same handle the rest of
 * the hub uses (one connection, so a store transaction and a direct statement never race for the
 * write lock). The handle is migrated and closed by its opener (src/db/open-database.ts).
 */
export function openSqliteStore(handle: Database.Database): Store {
  const db = new Kysely<DB>({ dialect: createSqliteStoreDialect(handle) });
  return {
    engine: 'sqlite',
    db,
    transaction: (fn) => db.transaction().execute(fn),
    describe: () => `SQLite file ${handle.name}`,
    close: () => db.destroy(),
  };
}
