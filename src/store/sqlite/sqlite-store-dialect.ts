import type Database from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/** The most statements kept prepared; the hub issues a few hundred distinct ones. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely over the hub's one better-sqlite3 handle. Unlike Kysely's own SQLite driver it keeps
 * statements prepared (compiling SQL text again on every call was a third of a dashboard's time)
 * and opens write transactions with BEGIN IMMEDIATE, so two processes' read-then-write
 * transactions queue instead of failing with SQLITE_BUSY at their first write. A read-only
 * transaction (src/store/read-snapshot.ts) opens with a plain BEGIN: it takes no write lock, and
 * its statements share one read lock instead of each taking and dropping its own; the connection
 * is query_only meanwhile, so a write there fails as it does in PostgreSQL's read-only transaction.
 */
class SqliteStoreConnection implements DatabaseConnection {
  readonly #statements = new Map<string, Database.Statement>();

  constructor(readonly handle: Database.Database) {}

  #prepare(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement) {
      this.#statements.delete(sql);
    } else {
      statement = this.handle.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        this.#statements.delete(this.#statements.keys().next().value!);
      }
    }
    this.#statements.set(sql, statement);
    return statement;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.#prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as R[] });
    const { changes, lastInsertRowid } = statement.run(parameters);
    return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.#prepare(compiled.sql);
    for (const row of statement.iterate(...(compiled.parameters as unknown[]))) yield { rows: [row as R] };
  }
}

/** One connection, so one user at a time: callers queue (asynchronously) rather than interleave. */
class SqliteStoreDriver implements Driver {
  readonly #connection: SqliteStoreConnection;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | null = null;
  #readOnly = false;

  constructor(handle: Database.Database) {
    this.#connection = new SqliteStoreConnection(handle);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (settings.accessMode !== 'read only') {
      await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
      return;
    }
    await connection.executeQuery(CompiledQuery.raw('BEGIN'));
    await connection.executeQuery(CompiledQuery.raw('PRAGMA query_only = ON'));
    this.#readOnly = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection, 'COMMIT');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection, 'ROLLBACK');
  }

  async #end(connection: DatabaseConnection, statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw(statement));
    } finally {
      if (this.#readOnly) {
        this.#readOnly = false;
        await connection.executeQuery(CompiledQuery.raw('PRAGMA query_only = OFF'));
      }
    }
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  /** The handle belongs to whoever opened it (the app context closes it). */
  async destroy(): Promise<void> {}
}

export function createSqliteStoreDialect(handle: Database.Database): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new SqliteStoreDriver(handle),
    createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
