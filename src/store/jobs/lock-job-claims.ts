import type { Queryable, StoreEngine } from '../store.js';
import { lockTransactionKey } from '../common/lock-transaction-key.js';

/**
 * Serializes the claim transactions of every process on the store until the transaction ends:
 * a claim then counts running rows (per-connection slots, keys held by running twins) that include
 * every claim committed before it. The key's transaction lock (lockTransactionKey): an advisory lock
 * on PostgreSQL; on SQLite the store's write transaction (BEGIN IMMEDIATE) already holds the one
 * write lock. Call it inside a store transaction.
 */
export async function lockJobClaims(tx: Queryable, engine: StoreEngine): Promise<void> {
  await lockTransactionKey(tx, engine, 'job-claims');
}
