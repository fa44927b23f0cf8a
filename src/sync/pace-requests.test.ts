import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open-database.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { openPostgresStore } from '../store/postgres/open-postgres-store.js';
import type { Store, StoreEngine } from '../store/store.js';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../tests/support/store-engines.js';
import { paceRequest, reserveRequestSlot } from './pace-requests.js';
import { withConcurrencySlot } from './limit-concurrency.js';

/** The most requests any window of `windowMs` holds (sliding, not calendar windows). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) most = Math.max(most, sorted.filter((t) => t >= sorted[i]! && t < sorted[i]! + windowMs).length);
  return most;
}

/** A second store on the same database: another worker process (another machine, on PostgreSQL). */
async function openOtherProcess(engine: StoreEngine, location: string): Promise<{ store: Store; close(): Promise<void> }> {
  if (engine === 'sqlite') {
    const handle = openDatabase(location);
    const store = openSqliteStore(handle);
    return {
      store,
      async close() {
        await store.close();
        handle.close();
      },
    };
  }
  const store = await openPostgresStore(location, { migrate: false });
  return { store, close: () => store.close() };
}

describe.each(STORE_ENGINES)('request pacing and call slots shared by processes, on %s', (engine) => {
  let t: TestStore;
  let other: { store: Store; close(): Promise<void> };
  beforeAll(async () => {
    t = await openTestStore(engine);
    other = await openOtherProcess(engine, t.location);
  });
  afterAll(async () => {
    await other?.close();
    await t?.cleanup();
  });

  it('lets a burst up to the limit through, then makes the next call wait for the oldest to leave the window', async () => {
    const budget = { limit: 3, windowMs: 60_000 };
    const time = 1_800_000_000_000;
    expect(await reserveRequestSlot(t.store, 'quickbooks:realm', [budget], time)).toBe(0);
    expect(await reserveRequestSlot(other.store, 'quickbooks:realm', [budget], time + 10)).toBe(0);
    expect(await reserveRequestSlot(t.store, 'quickbooks:realm', [budget], time + 20)).toBe(0);
    expect(await reserveRequestSlot(other.store, 'quickbooks:realm', [budget], time + 30)).toBe(60_000 + 100 - 30);
    // Another account has its own budget.
    expect(await reserveRequestSlot(t.store, 'quickbooks:other-realm', [budget], time + 40)).toBe(0);
  });

  it('never puts more than the limit in any window, across a window boundary too', async () => {
    let clock = 1_800_000_000_000 + 59_000; // a burst just before a calendar minute ends
    const sent: number[] = [];
    for (let i = 0; i < 40; i++) {
      await paceRequest(i % 2 ? t.store : other.store, 'xero:tenant', [{ limit: 10, windowMs: 60_000 }, { limit: 4, windowMs: 1_000 }], async (ms) => void (clock += ms), () => clock);
      sent.push(clock);
      clock += 5;
    }
    expect(busiestWindow(sent, 60_000)).toBe(10);
    expect(busiestWindow(sent, 1_000)).toBeLessThanOrEqual(4);
    // 40 calls at 10 a minute: the last goes out three minutes after the first, not sooner.
    expect(sent.at(-1)! - sent[0]!).toBeGreaterThanOrEqual(3 * 60_000);
  });

  /**
   * Two stores whose transactions may overlap in time. Two SQLite handles in ONE process cannot: a
   * BEGIN IMMEDIATE on one, while the other's transaction awaits, busy-waits the very thread that
   * would commit it ("database is locked"); real processes each have their own thread. So on SQLite
   * the overlapping cases share the process's one store (its mutex orders them), and on PostgreSQL
   * they run on two pools, as two machines would.
   */
  const overlapping = () => (engine === 'sqlite' ? [t.store, t.store] : [t.store, other.store]);

  it('keeps the budget when both processes reserve at the same moment', async () => {
    const time = 1_900_000_000_000;
    const budget = { limit: 5, windowMs: 60_000 };
    const waits = await Promise.all(Array.from({ length: 12 }, (_, i) => reserveRequestSlot(overlapping()[i % 2]!, 'hubspot:portal', [budget], time)));
    const sendTimes = waits.map((w) => time + w);
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    expect(busiestWindow(sendTimes, 60_000)).toBeLessThanOrEqual(5);
  });

  it('never lets more calls run at once than the slots, across processes', async () => {
    let running = 0;
    let most = 0;
    const work = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 150));
      running--;
    };
    await Promise.all(Array.from({ length: 10 }, (_, i) => withConcurrencySlot(overlapping()[i % 2]!, 'xero:org', 3, work)));
    expect(most).toBeLessThanOrEqual(3);
    // The slots are used, not just one at a time.
    expect(most).toBeGreaterThan(1);
    expect(await t.store.db.selectFrom('concurrency_slots').select('slot').where('key', '=', 'xero:org').execute()).toEqual([]);
  });
});
