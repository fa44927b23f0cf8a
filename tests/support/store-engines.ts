/**
 * Both storage engines for tests (issue 15): a real SQLite file in a temporary directory, and a
 * throw-away database on the real PostgreSQL (CLIENTHUB_TEST_POSTGRES_URL, by default the server
 * at 127.0.0.1:5432 that `.ci/run` starts), created per call and dropped by `cleanup`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/db/open-database.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { openPostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/open-postgres-store.js';
import type { Store, StoreEngine } from '../../src/store/store.js';


export const TEST_POSTGRES_URL = process.env.CLIENTHUB_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestStore {
  store: Store;
  /** The engine's own address: the SQLite file, or the throw-away database's URL. */
  location: string;
  cleanup(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A new PostgreSQL database, empty or a copy of `template`; returns its URL and a function that drops it. */
export async function createThrowAwayPostgres(template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `clienthub_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A new database already at the current schema: a copy of the pass's migrated template
 * (CLIENTHUB_TEST_POSTGRES_TEMPLATE, made once per run by tests/support/postgres-template.setup.ts),
 * a second or so quicker than migrating each one; without a template, an empty database (the store
 * migrates it on open).
 */
export async function createMigratedPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  return createThrowAwayPostgres(process.env.CLIENTHUB_TEST_POSTGRES_TEMPLATE || undefined);
}

export async function openTestStore(engine: StoreEngine, options: PostgresStoreOptions = {}): Promise<TestStore> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'clienthub-store-'));
    const file = join(dir, 'clienthub.sqlite');
    const handle = openDatabase(file);
    const store = openSqliteStore(handle);
    return {
      store,
      location: file,
      async cleanup() {
        await store.close();
        handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createMigratedPostgres();
  const store = await openPostgresStore(database.url, options);
  return {
    store,
    location: database.url,
    async cleanup() {
      await store.close();
      await database.drop();
    },
  };
}

/**
 * The engine the suite runs on: `CLIENTHUB_TEST_ENGINE=postgres` (npm run test:postgres) runs every
 * app a test builds on its own throw-away PostgreSQL database; unset, on a SQLite file (npm test).
 */
export const TEST_ENGINE: StoreEngine = process.env.CLIENTHUB_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * The engines a test that names its engine runs on: in a suite pass, that pass's engine (npm test runs
 * a SQLite pass and a PostgreSQL pass); both when CLIENTHUB_TEST_ENGINE is unset (a single file run).
 */
export const STORE_ENGINES: StoreEngine[] = process.env.CLIENTHUB_TEST_ENGINE ? [TEST_ENGINE] : ['sqlite', 'postgres'];

/** The environment an app under test needs for TEST_ENGINE (DATABASE_URL on PostgreSQL), and how to drop what it made. */
export async function testEngineEnv(engine: StoreEngine = TEST_ENGINE): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (engine === 'sqlite') return { env: {}, drop: async () => {} };
  const database = await createMigratedPostgres();
  return { env: { DATABASE_URL: database.url }, drop: () => database.drop() };
}
