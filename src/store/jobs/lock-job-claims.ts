import { sql } from 'kysely';
import type { Queryable, StoreEngine } from '../store.js';

/** The advisory lock key of job claims ('jobs' in ASCII). */
const JOB_CLAIM_LOCK = 0x6a6f6273;

/**
 * Serializes the claim transactions of every process on the store until the transaction ends:
 * a claim then counts running rows (per-connection slots, keys held by running twins) that include
 * every claim committed before it. PostgreSQL: a transaction-level advisory lock. SQLite: nothing
 * to do, the store's write transaction (BEGIN IMMEDIATE) holds the database's one write lock.
 * Call it inside a store transaction.
 */
export async function lockJobClaims(tx: Queryable, engine: StoreEngine): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(${JOB_CLAIM_LOCK})`.execute(tx);
}
