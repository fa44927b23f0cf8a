import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { reserveAttemptWindow } from './reserve-attempt-window.js';

describe.each(STORE_ENGINES)('reserveAttemptWindow on %s', (engine) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(engine);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('counts up to the limit per window, refuses past it without counting, and starts again in a new window', async () => {
    const used: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) used.push(await reserveAttemptWindow(t.store.db, 'k', 1_000, 3));
    expect(used).toEqual([1, 2, 3, undefined]);
    expect(await reserveAttemptWindow(t.store.db, 'other', 1_000, 3)).toBe(1);
    expect(await reserveAttemptWindow(t.store.db, 'k', 2_000, 3)).toBe(1);
    expect(await t.store.db.selectFrom('rate_windows').select(['key', 'window_start', 'used']).orderBy('key').execute()).toEqual([
      { key: 'k', window_start: 2_000, used: 1 },
      { key: 'other', window_start: 1_000, used: 1 },
    ]);
  });

  it('lets exactly the limit through when many reserve at once', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => t.store.transaction((tx) => reserveAttemptWindow(tx, 'burst', 5_000, 5))));
    expect(results.filter((r) => r !== undefined).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
