/**
 * Global setup of the PostgreSQL pass (vitest.postgres.config.ts): one database migrated to the
 * current schema, which every app and store a test builds is copied from (CREATE DATABASE … TEMPLATE)
 * instead of running the migrations again; dropped when the pass ends. First, the databases earlier
 * runs' crashed test processes left behind are dropped (sweepOrphanTestDatabases).
 */
import { openPostgresStore } from '../../src/store/postgres/open-postgres-store.js';
import { createThrowAwayPostgres } from './store-engines.js';
import { sweepOrphanTestDatabases } from './sweep-orphan-test-databases.js';

export default async function setup(): Promise<() => Promise<void>> {
  const swept = await sweepOrphanTestDatabases();
  if (swept.length > 0) console.log(`dropped ${swept.length} test database(s) left by test processes that no longer run`);
  const template = await createThrowAwayPostgres();
  const store = await openPostgresStore(template.url);
  await store.close();
  process.env.CLIENTHUB_TEST_POSTGRES_TEMPLATE = new URL(template.url).pathname.slice(1);
  return () => template.drop();
}
