import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './open-database.js';
import { closeDeliveryHandle, deliveryHandleOf, writeWhenFree } from './delivery-handle.js';

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

  it('is a second connection to the same file, and the database itself when there is no file', () => {
    expect(deliveryHandleOf(db)).not.toBe(db);
    expect(deliveryHandleOf(db).name).toBe(db.name);
    const memory = new Database(':memory:');
    expect(deliveryHandleOf(memory)).toBe(memory);
    memory.close();
  });
});
