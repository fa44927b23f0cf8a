import Database from 'better-sqlite3';
import type { Db } from './open-database.js';
import type { Queryable, Store } from '../store/store.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';

const handles = new WeakMap<Db, Db>();
const stores = new WeakMap<Db, Store>();

/**
 * A second connection to the same SQLite file that never waits for the write lock: its
 * busy_timeout is 0, so a write finding the lock held fails at once (SQLITE_BUSY) instead of
 * sleeping inside the call, which would stop this process's event loop for as long as another
 * writer (a sync job here or in a worker process) holds the lock. Callers retry asynchronously
 * (writeWhenFree). An in-memory database has no second connection: its own handle is returned.
 */
export function deliveryHandleOf(db: Db): Db {
  if (db.memory) return db;
  let handle = handles.get(db);
  if (!handle || !handle.open) {
    handle = new Database(db.name);
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = NORMAL');
    handle.pragma('foreign_keys = ON');
    handle.pragma('busy_timeout = 0');
    handles.set(db, handle);
  }
  return handle;
}

/** Closes the second connection of this database, if one was opened (with the database itself). */
export function closeDeliveryHandle(db: Db): void {
  const handle = handles.get(db);
  if (handle) stores.delete(handle);
  if (handle?.open) handle.close();
  handles.delete(db);
}

const isBusy = (error: unknown) => (error as { code?: string } | null)?.code === 'SQLITE_BUSY' || (error as { code?: string } | null)?.code === 'SQLITE_BUSY_SNAPSHOT';

/**
 * Runs `attempt` until it does not fail for SQLITE_BUSY, waiting between tries in timers (1–5 ms
 * apart) so this process keeps answering meanwhile; gives up with the busy error after boundMs, as
 * busy_timeout would. Each attempt must run whole or not at all, so a retry repeats nothing.
 */
async function retryWhileBusy<T>(attempt: () => T | Promise<T>, boundMs: number): Promise<T> {
  const started = Date.now();
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() - started >= boundMs) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(5, 1 + tries)));
  }
}

/** Runs a write on the delivery handle, retrying while another writer holds the lock (retryWhileBusy). */
export async function writeWhenFree<T>(db: Db, write: (handle: Db) => T, boundMs = 10_000): Promise<T> {
  const handle = deliveryHandleOf(db);
  return retryWhileBusy(() => write(handle), boundMs);
}

/**
 * One write statement through a store (the delivery store, deliveryStoreOf), retried like
 * writeWhenFree while another connection holds the SQLite write lock. No transaction is held across
 * awaits: a SQLite statement runs whole within the call, so a connection of this process that wants
 * the lock meanwhile never sleeps in its busy_timeout behind it (a delivery-store transaction spans
 * awaits). On PostgreSQL it simply runs.
 */
export async function writeStatementWhenFree<T>(store: Store, write: (q: Queryable) => Promise<T>, boundMs = 10_000): Promise<T> {
  return retryWhileBusy(() => write(store.db), boundMs);
}

/** How long a delivery-store transaction waits for the SQLite write lock (as busy_timeout would) before failing. */
const DELIVERY_LOCK_BOUND_MS = 10_000;

/**
 * The store the webhook acknowledgement path writes through, so an acknowledgement never queues
 * behind a job's transaction (issue 15: a webhook is acknowledged once it is in the database);
 * the in-process queue's enqueues go through it too, one statement each (writeStatementWhenFree).
 *
 * - PostgreSQL: the app's store; its pool hands the acknowledgement a connection of its own.
 * - SQLite: a second store over the delivery handle (its own connection and statement cache, its own
 *   queue), so it does not wait in line behind the main connection's transactions, which may span a
 *   job's awaits. Its `transaction` starts with BEGIN IMMEDIATE, which on this handle fails at once
 *   while another connection holds the write lock; it is tried again in timers (1-5 ms apart) until
 *   the lock is free, for up to 10 s, so the process keeps answering meanwhile. Hence:
 *   write through `transaction` only (a bare write on `db` fails at once when the lock is taken;
 *   reads on `db` never wait in WAL mode), and keep the callback to store calls: it runs again after
 *   a start that found the lock taken, and it must not await anything but this store, since it holds
 *   the write lock (another connection of this process that then wanted the lock would sleep in its
 *   busy_timeout while this one could not finish).
 * - An in-memory SQLite database has no second connection: the app's store.
 */
export function deliveryStoreOf(app: { db: Db; store: Store }): Store {
  if (app.store.engine !== 'sqlite' || app.db.memory) return app.store;
  const handle = deliveryHandleOf(app.db);
  let store = stores.get(handle);
  if (!store) {
    const inner = openSqliteStore(handle);
    store = {
      ...inner,
      transaction: (fn, options) => retryWhileBusy(() => inner.transaction(fn, options), DELIVERY_LOCK_BOUND_MS),
      describe: () => `${inner.describe()} (the webhook acknowledgement connection)`,
    };
    stores.set(handle, store);
  }
  return store;
}
