import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { compileOnce, slotRows } from './prepared-query.js';

describe.each(STORE_ENGINES)('compileOnce on %s', (engine) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(engine);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  // Values are passed slug, name, time; the builder lists name first: the order is read back.
  const insertWorkspaces = compileOnce((q, slots, rows) =>
    q
      .insertInto('workspaces')
      .values(slotRows(slots, rows, 3, (value) => ({ name: value(1), slug: value(0), created_at: value(2) })))
      .returning(['slug', 'name']),
  );

  it('runs one compiled text per shape with each call its own values', async () => {
    const first = await insertWorkspaces(t.store.db, 2, ['a', 'Alpha', 0, 'b', 'Beta', 0]);
    const again = await insertWorkspaces(t.store.db, 2, ['c', 'Gamma', 0, 'd', 'Delta', 0]);
    const single = await t.store.transaction((tx) => insertWorkspaces(tx, 1, ['e', 'Epsilon', 0]));
    const sorted = (rows: { slug: string; name: string }[]) => [...rows].sort((x, y) => x.slug.localeCompare(y.slug));
    expect(sorted(first)).toEqual([{ slug: 'a', name: 'Alpha' }, { slug: 'b', name: 'Beta' }]);
    expect(sorted(again)).toEqual([{ slug: 'c', name: 'Gamma' }, { slug: 'd', name: 'Delta' }]);
    expect(single).toEqual([{ slug: 'e', name: 'Epsilon' }]);
    expect(await t.store.db.selectFrom('workspaces').select(['slug', 'name']).where('slug', 'in', ['a', 'b', 'c', 'd', 'e']).orderBy('slug').execute()).toEqual([
      { slug: 'a', name: 'Alpha' },
      { slug: 'b', name: 'Beta' },
      { slug: 'c', name: 'Gamma' },
      { slug: 'd', name: 'Delta' },
      { slug: 'e', name: 'Epsilon' },
    ]);
  });

  it('refuses a builder that does not turn every value into one parameter', async () => {
    // One value left out, and a constant the builder would have frozen into the text.
    const dropsOne = compileOnce((q, slots) => q.insertInto('workspaces').values({ slug: slots[0] as never, name: 'fixed', created_at: slots[2] as never }));
    await expect(dropsOne(t.store.db, 1, ['x', 'unused', 0])).rejects.toThrow(/3 values did not become 3 parameters/);
    expect(await t.store.db.selectFrom('workspaces').select('slug').where('slug', '=', 'x').execute()).toEqual([]);
  });
});
