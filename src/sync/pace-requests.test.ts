import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/open-database.js';
import { paceRequest, takeRequestSlot } from './pace-requests.js';

describe('request pacing', () => {
  let dir: string;
  let db: Db;
  let other: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clienthub-pace-'));
    db = openDatabase(join(dir, 'hub.sqlite'));
    // A second connection to the same file stands for another worker process.
    other = openDatabase(join(dir, 'hub.sqlite'));
  });
  afterEach(() => {
    db.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares one budget between processes and says how long to wait for the next window', () => {
    const budget = { limit: 3, windowMs: 60_000 };
    const t = 1_800_000_000_000 + 15_000;
    expect(takeRequestSlot(db, 'quickbooks:realm', budget, t)).toBe(0);
    expect(takeRequestSlot(other, 'quickbooks:realm', budget, t + 1)).toBe(0);
    expect(takeRequestSlot(db, 'quickbooks:realm', budget, t + 2)).toBe(0);
    expect(takeRequestSlot(other, 'quickbooks:realm', budget, t + 3)).toBe(60_000 - 15_003);
    // Another account has its own budget; the next window starts afresh.
    expect(takeRequestSlot(db, 'quickbooks:other-realm', budget, t + 4)).toBe(0);
    expect(takeRequestSlot(db, 'quickbooks:realm', budget, t + 45_000)).toBe(0);
  });

  it('keeps a burst of requests at the limit, never over it', async () => {
    let clock = 1_800_000_000_000;
    const sent: number[] = [];
    for (let i = 0; i < 25; i++) {
      await paceRequest(db, 'xero:tenant', [{ limit: 10, windowMs: 60_000 }], async (ms) => void (clock += ms), () => clock);
      sent.push(clock);
    }
    const perWindow = new Map<number, number>();
    for (const at of sent) perWindow.set(Math.floor(at / 60_000), (perWindow.get(Math.floor(at / 60_000)) ?? 0) + 1);
    expect([...perWindow.values()]).toEqual([10, 10, 5]);
  });
});
