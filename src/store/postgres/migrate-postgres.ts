import { sql, type Kysely } from 'kysely';
import { migrations } from '../../db/migrations/index.js';
import type { DB } from '../schema.js';
import { POSTGRES_BASELINE, POSTGRES_BASELINE_VERSION } from './baseline.js';

/** The advisory lock key every process takes before migrating (any constant shared by all of them). */
const MIGRATION_LOCK = 4_712_015;

/**
 * Brings a PostgreSQL database to the current schema. Processes starting together serialize on an
 * advisory lock held for the whole run, so each migration is applied exactly once; each migration
 * commits with its schema_migrations row. An empty database gets the baseline (the schema SQLite's
 * first migrations build) and then every later migration's PostgreSQL form.
 */
export async function migratePostgres(db: Kysely<DB>): Promise<number[]> {
  return db.connection().execute(async (connection) => {
    // Another process migrating may hold the lock for longer than the pool's lock bound: wait it out.
    await sql`SET lock_timeout = 0`.execute(connection);
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(connection);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
        version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`.execute(connection);
      const done = new Set(
        (await connection.selectFrom('schema_migrations').select('version').execute()).map((row) => Number(row.version)),
      );
      const applied: number[] = [];
      if (!done.has(POSTGRES_BASELINE_VERSION)) {
        await connection.transaction().execute(async (tx) => {
          await sql.raw(POSTGRES_BASELINE).execute(tx);
          await tx
            .insertInto('schema_migrations')
            .values(
              migrations
                .filter((m) => m.version <= POSTGRES_BASELINE_VERSION)
                .map((m) => ({ version: m.version, name: m.name, applied_at: Date.now() })),
            )
            .execute();
        });
        applied.push(POSTGRES_BASELINE_VERSION);
      }
      for (const migration of migrations.filter((m) => m.version > POSTGRES_BASELINE_VERSION && !done.has(m.version))) {
        if (migration.postgres === undefined) {
          throw new Error(`Migration ${migration.version} (${migration.name}) has no PostgreSQL form: add \`postgres\` to it.`);
        }
        await connection.transaction().execute(async (tx) => {
          await sql.raw(migration.postgres!).execute(tx);
          await tx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name, applied_at: Date.now() }).execute();
        });
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.execute(connection);
      await sql`RESET lock_timeout`.execute(connection);
    }
  });
}
