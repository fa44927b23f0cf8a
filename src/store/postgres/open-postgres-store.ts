import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from '../schema.js';
import type { Store, TransactionOptions } from '../store.js';
import { migratePostgres } from './migrate-postgres.js';
import { describePostgresUrl } from './describe-postgres-url.js';

// The hub stores milliseconds and counts in BIGINT; pg hands int8 and numeric back as strings to
// be safe for values past 2^53, which no column here reaches. A value that did would be refused.
function toSafeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) && Number.isInteger(value)) throw new RangeError(`integer ${text} is beyond 2^53`);
  return value;
}
pg.types.setTypeParser(pg.types.builtins.INT8, toSafeNumber);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (text) => Number(text));
// jsonb (records.data, migration 24) comes back as the JSON text SQLite's column holds: parsed where it is used, as on SQLite.
pg.types.setTypeParser(pg.types.builtins.JSONB, (text) => text);

export interface PostgresStoreOptions {
  /** Connections per process (the pool); several processes share the server's max_connections. */
  poolSize?: number;
  /** How long to wait for the server at start before giving up with one sentence. */
  connectTimeoutMs?: number;
  /** Applies pending migrations (under an advisory lock, so several starting processes apply them once). */
  migrate?: boolean;
  /**
   * How long a statement waits for a lock another session holds before it fails (55P03, answered 503
   * like SQLite's busy timeout): a webhook's acknowledgement or a page never waits without bound.
   */
  lockTimeoutMs?: number;
}

/** The lock wait bound, as SQLite's busy_timeout (src/db/open-database.ts). */
export const POSTGRES_LOCK_TIMEOUT_MS = 10_000;

/** PostgreSQL's codes for "try again": a serialization failure and a deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 10;
const UNIQUE_VIOLATION = '23505';

/** Thrown when the server cannot be reached at start: its message is the one sentence an operator reads. */
export class StoreUnavailableError extends Error {}

/**
 * The shared engine for many machines: a connection pool per process, migrations applied once,
 * serializable transactions retried on conflict.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const where = describePostgresUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    // A connection the server dropped (restart, failover) is discarded, not handed out again.
    idleTimeoutMillis: 30_000,
    lock_timeout: options.lockTimeoutMs ?? POSTGRES_LOCK_TIMEOUT_MS,
  });
  // An idle client losing its server emits an error on the pool; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreUnavailableError(
      `Cannot reach PostgreSQL at ${where} (${reason}): check that the server is running and that DATABASE_URL's host, port, user and database are right.`,
    );
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  if (options.migrate !== false) await migratePostgres(db);

  return {
    engine: 'postgres',
    db,
    async transaction(fn, opts?: TransactionOptions) {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const builder = opts?.isolation ? db.transaction().setIsolationLevel(opts.isolation) : db.transaction();
          return await builder.execute(fn);
        } catch (error) {
          const code = (error as { code?: string }).code;
          // In a serializable transaction a unique violation can be a concurrent insert of the row it
          // looked for and did not find (PostgreSQL's documentation advises retrying it too): the retry
          // sees that row and updates it.
          const retryable = !!code && (RETRYABLE.has(code) || (code === UNIQUE_VIOLATION && opts?.isolation === 'serializable'));
          if (!retryable || attempt >= MAX_ATTEMPTS) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 5 * 2 ** attempt) * Math.random()));
        }
      }
    },
    describe: () => `PostgreSQL at ${where}`,
    close: () => db.destroy(),
  };
}
