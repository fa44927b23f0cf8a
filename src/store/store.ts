import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';

export type StoreEngine = 'sqlite' | 'postgres';

/** A query runner: the store itself, or the transaction a repository call was handed. */
export type Queryable = Kysely<DB> | Transaction<DB>;

export interface TransactionOptions {
  /**
   * 'serializable' for read-then-write decisions that must not interleave across machines
   * (provisioning once, link decisions); PostgreSQL retries a transaction it aborted for a
   * serialization conflict. SQLite's write transactions are serial already (BEGIN IMMEDIATE).
   */
  isolation?: 'read committed' | 'serializable';
}

/**
 * The hub's storage, whichever engine holds it (issue 15). Repositories take `store.db` (or the
 * transaction they are given) and hold the queries; services hold the rules and never write SQL.
 */
export interface Store {
  engine: StoreEngine;
  db: Kysely<DB>;
  /** Runs fn in one write transaction; rolls back when it throws. Never await a provider inside one. */
  transaction<T>(fn: (tx: Transaction<DB>) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Where the data lives, for logs and errors (a password is never shown). */
  describe(): string;
  close(): Promise<void>;
}
