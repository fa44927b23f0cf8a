import type { Queryable, Store } from './store.js';

/** Per snapshot: the answers already read in it, by key. */
const answers = new WeakMap<Queryable, Map<string, Promise<unknown>>>();

/**
 * Runs a page's reads in one read-only transaction: one consistent view of the store (PostgreSQL:
 * repeatable read; SQLite: a deferred BEGIN, which in WAL mode reads one snapshot), one connection
 * for all of them, and on SQLite one read lock instead of one per statement. A write inside fails
 * on both engines. `fn` must read only through the `q` it is handed: on SQLite the store has one
 * connection, which the snapshot holds until `fn` returns.
 */
export function readSnapshot<T>(store: Store, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return store.db
    .transaction()
    .setAccessMode('read only')
    .setIsolationLevel('repeatable read')
    .execute((tx) => {
      answers.set(tx, new Map());
      return fn(tx);
    });
}

/** Whether `q` is a read snapshot's, whose answers readOnce keeps. */
export function isReadSnapshot(q: Queryable): boolean {
  return answers.has(q);
}

/**
 * The answer to a read, read once per snapshot: within one, nothing it reads can change, so a second
 * loader asking the same (a dashboard's cards each list the client's tasks) gets the first answer.
 * Outside a snapshot every call reads. The key must name everything the read depends on.
 */
export function readOnce<T>(q: Queryable, key: string, read: () => Promise<T>): Promise<T> {
  const known = answers.get(q);
  if (!known) return read();
  let answer = known.get(key) as Promise<T> | undefined;
  if (!answer) {
    answer = read();
    known.set(key, answer);
  }
  return answer;
}
