import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/open-database.js';
import { migrate } from '../db/migrate.js';
import { paceRequest, reserveRequestSlot } from './pace-requests.js';

/** The most requests any window of `windowMs` holds (sliding, not calendar windows). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) most = Math.max(most, sorted.filter((t) => t >= sorted[i]! && t < sorted[i]! + windowMs).length);
  return most;
}

describe('request pacing (sliding windows shared by processes)', () => {
  let dir: string;
  let db: Db;
  let other: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clienthub-pace-'));
    db = openDatabase(join(dir, 'hub.sqlite'));
    migrate(db);
    // A second connection to the same file stands for another worker process.
    other = openDatabase(join(dir, 'hub.sqlite'));
  });
  afterEach(() => {
    db.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets a burst up to the limit through, then makes the next call wait for the oldest to leave the window', () => {
    const budget = { limit: 3, windowMs: 60_000 };
    const t = 1_800_000_000_000;
    expect(reserveRequestSlot(db, 'quickbooks:realm', [budget], t)).toBe(0);
    expect(reserveRequestSlot(other, 'quickbooks:realm', [budget], t + 10)).toBe(0);
    expect(reserveRequestSlot(db, 'quickbooks:realm', [budget], t + 20)).toBe(0);
    expect(reserveRequestSlot(other, 'quickbooks:realm', [budget], t + 30)).toBe(60_000 + 100 - 30);
    // Another account has its own budget.
    expect(reserveRequestSlot(db, 'quickbooks:other-realm', [budget], t + 40)).toBe(0);
  });

  it('never puts more than the limit in any window, across a window boundary too', async () => {
    let clock = 1_800_000_000_000 + 59_000; // a burst just before a calendar minute ends
    const sent: number[] = [];
    for (let i = 0; i < 40; i++) {
      await paceRequest(i % 2 ? db : other, 'xero:tenant', [{ limit: 10, windowMs: 60_000 }, { limit: 4, windowMs: 1_000 }], async (ms) => void (clock += ms), () => clock);
      sent.push(clock);
      clock += 5;
    }
    expect(busiestWindow(sent, 60_000)).toBe(10);
    expect(busiestWindow(sent, 1_000)).toBeLessThanOrEqual(4);
    // 40 calls at 10 a minute: the last goes out three minutes after the first, not sooner.
    expect(sent.at(-1)! - sent[0]!).toBeGreaterThanOrEqual(3 * 60_000);
  });
});
