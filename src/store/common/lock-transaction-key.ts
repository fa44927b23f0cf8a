import { sql } from 'kysely';
import type { Queryable, StoreEngine } from '../store.js';

/**
 * Queues the transactions that read then write one key's rows (a rate budget, a concurrency limit,
 * job claims) behind each other instead of letting them conflict: PostgreSQL takes a transaction-scoped advisory
 * lock on the key, released at commit or rollback, so under READ COMMITTED each one reads what the
 * one before it committed. A burst of serializable transactions on the same rows would instead abort
 * all but one per round and retry with backoff, spreading calls that may go together. SQLite's
 * write transactions are serial already: nothing to do.
 */
export async function lockTransactionKey(tx: Queryable, engine: StoreEngine, key: string): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(tx);
}
