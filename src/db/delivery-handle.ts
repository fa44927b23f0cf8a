import Database from 'better-sqlite3';
import type { Db } from './open-database.js';

const handles = new WeakMap<Db, Db>();

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
  if (handle?.open) handle.close();
  handles.delete(db);
}

const isBusy = (error: unknown) => (error as { code?: string } | null)?.code === 'SQLITE_BUSY' || (error as { code?: string } | null)?.code === 'SQLITE_BUSY_SNAPSHOT';

/**
 * Runs a write on the delivery handle, retrying while another writer holds the lock: the wait is
 * spent in timers (1–5 ms apart), so this process keeps answering meanwhile. Gives up (throws the
 * SQLITE_BUSY error) after boundMs, as busy_timeout would. The write runs whole or not at all, so
 * a retry after a failed attempt repeats nothing.
 */
export async function writeWhenFree<T>(db: Db, write: (handle: Db) => T, boundMs = 10_000): Promise<T> {
  const handle = deliveryHandleOf(db);
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return write(handle);
    } catch (error) {
      if (!isBusy(error) || Date.now() - started >= boundMs) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(5, 1 + attempt)));
  }
}
