import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './open-database.js';
import { closeDeliveryHandle, deliveryHandleOf, deliveryStoreOf, writeStatementWhenFree, writeWhenFree } from './delivery-handle.js';
import { insertJob } from '../store/jobs/insert-job.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { openTestStore } from '../../tests/support/store-engines.js';
import type { Store } from '../store/store.js';

describe('writes that wait for the lock in timers, not in the call (writeWhenFree)', () => {
  let dir: string;
  let db: Db;
  let other: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'delivery-handle-'));
    db = openDatabase(join(dir, 'hub.sqlite'));
    db.exec('CREATE TABLE probe (n INTEGER)');
    other = new Database(join(dir, 'hub.sqlite'));
  });
  afterEach(() => {
    closeDeliveryHandle(db);
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets the event loop run while another connection holds the write lock, then writes once it is free', async () => {
    other.exec('BEGIN IMMEDIATE');
    other.exec('INSERT INTO probe VALUES (1)');
    const events: string[] = [];
    const write = writeWhenFree(db, (handle) => {
      handle.prepare('INSERT INTO probe VALUES (2)').run();
      events.push('written');
    }).then(() => events.push('resolved'));
    // This timer can only fire while the write is waiting if the wait does not hold the event loop.
    await new Promise((resolve) => setTimeout(resolve, 20));
    events.push('timer ran');
    expect(events).toEqual(['timer ran']);
    other.exec('COMMIT');
    await write;
    expect(events).toEqual(['timer ran', 'written', 'resolved']);
    expect(db.prepare('SELECT n FROM probe ORDER BY n').all()).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('gives up with the busy error past its bound, and passes other errors through at once', async () => {
    other.exec('BEGIN IMMEDIATE');
    other.exec('INSERT INTO probe VALUES (1)');
    await expect(writeWhenFree(db, (handle) => handle.prepare('INSERT INTO probe VALUES (2)').run(), 30)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    other.exec('ROLLBACK');
    let attempts = 0;
    await expect(
      writeWhenFree(db, (handle) => {
        attempts++;
        return handle.prepare('INSERT INTO no_such_table VALUES (1)').run();
      }),
    ).rejects.toThrow(/no such table/);
    expect(attempts).toBe(1);
  });

  it('writes one statement through the delivery store the same way: waiting in timers, holding no transaction (writeStatementWhenFree)', async () => {
    const store = openSqliteStore(db);
    const ack = deliveryStoreOf({ db, store });
    const job = { name: 'mail.deliver', payload: '{}', dedupeKey: null, connectionId: null, runAt: 1, maxAttempts: 3, now: 1, skipIfRunning: false };
    other.exec('BEGIN IMMEDIATE');
    const events: string[] = [];
    const write = writeStatementWhenFree(ack, (q) => insertJob(q, job)).then((id) => events.push(`queued ${id}`));
    await new Promise((resolve) => setTimeout(resolve, 20));
    events.push('timer ran');
    other.exec('COMMIT');
    await write;
    expect(events).toEqual(['timer ran', 'queued 1']);
    other.exec('BEGIN IMMEDIATE');
    await expect(writeStatementWhenFree(ack, (q) => insertJob(q, job), 30)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    other.exec('ROLLBACK');
    await store.close();
  });

  it('is a second connection to the same file, and the database itself when there is no file', () => {
    expect(deliveryHandleOf(db)).not.toBe(db);
    expect(deliveryHandleOf(db).name).toBe(db.name);
    const memory = new Database(':memory:');
    expect(deliveryHandleOf(memory)).toBe(memory);
    memory.close();
  });
});

describe('the acknowledgement path\'s store (deliveryStoreOf)', () => {
  const delivery = (receivedAt: number) => ({
    provider: 'hubspot',
    received_at: receivedAt,
    status: 'rejected',
    headers: '{}',
    body: '',
  });

  describe('on SQLite', () => {
    let dir: string;
    let db: Db;
    let store: Store;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'delivery-store-'));
      db = openDatabase(join(dir, 'hub.sqlite'));
      store = openSqliteStore(db);
    });
    afterEach(async () => {
      closeDeliveryHandle(db);
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('is a store of its own over the second connection, one per database, and the app\'s store for an in-memory one', async () => {
      const ack = deliveryStoreOf({ db, store });
      expect(ack).not.toBe(store);
      expect(ack.engine).toBe('sqlite');
      expect(deliveryStoreOf({ db, store })).toBe(ack);
      const memory = openDatabase(':memory:');
      const memoryStore = openSqliteStore(memory);
      expect(deliveryStoreOf({ db: memory, store: memoryStore })).toBe(memoryStore);
      await memoryStore.close();
      memory.close();
    });

    it('reads without queueing behind a job\'s open transaction, and writes as soon as it commits, waiting in timers', async () => {
      const ack = deliveryStoreOf({ db, store });
      const events: string[] = [];
      let finishJob!: () => void;
      const jobHolds = new Promise<void>((resolve) => (finishJob = resolve));
      // A job's transaction on the main connection, open across an await (as a page of a sync is).
      const job = store.transaction(async (tx) => {
        await tx.insertInto('webhook_deliveries').values(delivery(1)).execute();
        events.push('job wrote');
        await jobHolds;
        events.push('job commits');
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      // The main store is queued behind the job; the acknowledgement's store is not.
      const mainRead = store.db.selectFrom('webhook_deliveries').select('id').execute().then(() => events.push('main store read'));
      const ackRead = await ack.db.selectFrom('webhook_deliveries').select('id').execute();
      events.push('ack read');
      expect(ackRead).toEqual([]); // the job has not committed
      const ackWrite = ack.transaction((tx) => tx.insertInto('webhook_deliveries').values(delivery(2)).returning('id').executeTakeFirstOrThrow()).then((row) => {
        events.push('ack wrote');
        return row.id;
      });
      await new Promise((resolve) => setTimeout(resolve, 30));
      events.push('timer ran');
      finishJob();
      await job;
      const id = await ackWrite;
      await mainRead;
      expect(events.slice(0, 3)).toEqual(['job wrote', 'ack read', 'timer ran']);
      expect(events.indexOf('ack wrote')).toBeGreaterThan(events.indexOf('job commits'));
      expect(events.indexOf('main store read')).toBeGreaterThan(events.indexOf('job commits'));
      expect((await store.db.selectFrom('webhook_deliveries').select(['id', 'received_at']).orderBy('id').execute()).map((r) => r.received_at)).toEqual([1, 2]);
      expect(id).toBe(2);
    });

    it('rolls back and reports an error that is not the lock at once', async () => {
      const ack = deliveryStoreOf({ db, store });
      let attempts = 0;
      await expect(
        ack.transaction(async (tx) => {
          attempts++;
          await tx.insertInto('webhook_deliveries').values(delivery(3)).execute();
          throw new Error('not the lock');
        }),
      ).rejects.toThrow('not the lock');
      expect(attempts).toBe(1);
      expect(await store.db.selectFrom('webhook_deliveries').select('id').execute()).toEqual([]);
    });
  });

  it('on PostgreSQL is the app\'s store: a pooled connection records while a job\'s transaction is still open', async () => {
    const t = await openTestStore('postgres');
    try {
      const ack = deliveryStoreOf({ db: undefined as unknown as Db, store: t.store });
      expect(ack).toBe(t.store);
      let finishJob!: () => void;
      const jobHolds = new Promise<void>((resolve) => (finishJob = resolve));
      const job = t.store.transaction(async (tx) => {
        await tx.insertInto('webhook_deliveries').values(delivery(1)).execute();
        await jobHolds;
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await ack.transaction((tx) => tx.insertInto('webhook_deliveries').values(delivery(2)).execute());
      expect((await ack.db.selectFrom('webhook_deliveries').select('received_at').execute()).map((r) => r.received_at)).toEqual([2]);
      finishJob();
      await job;
      expect(await t.store.db.selectFrom('webhook_deliveries').select('id').execute()).toHaveLength(2);
    } finally {
      await t.cleanup();
    }
  });
});
