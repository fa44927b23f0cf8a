import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../tests/support/store-engines.js';
import { isReadSnapshot, readOnce, readSnapshot } from './read-snapshot.js';
import { preparedPerShape, preparedQuery } from './common/prepared-query.js';
import { listClientRecords, prefetchClientRecords } from '../records/client-records.js';
import type { Queryable } from './store.js';

/**
 * A page's reads in one read-only transaction (issue 20): each asked once however many loaders ask,
 * no write inside on either engine, and the store as writable as before once it ends.
 */
describe.each(STORE_ENGINES)('read snapshots and prepared queries on %s', (engine) => {
  let t: TestStore;
  let ws: number;
  let clientA: number;
  let clientB: number;
  const clientsByName = preparedQuery((db, workspaceId: number, name: string) => db.selectFrom('clients').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('name', '=', name).where('status', '=', 'active'));

  beforeAll(async () => {
    t = await openTestStore(engine);
    const q = t.store.db;
    ws = (await q.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const client = async (name: string) => (await q.insertInto('clients').values({ workspace_id: ws, name, created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    clientA = await client('Northwind');
    clientB = await client('Globex');
    const conn = (await q.insertInto('connections').values({ workspace_id: ws, provider: 'asana', label: 'a', auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    let n = 0;
    for (const [clientId, kind, name, deleted] of [[clientA, 'project', 'Website', 0], [clientA, 'task', 'Copy', 0], [clientA, 'task', 'Gone', 1], [clientB, 'task', 'Theirs', 0], [clientA, 'task', 'Launch', 0]] as const) {
      n += 1;
      await q
        .insertInto('records')
        .values({ workspace_id: ws, connection_id: conn, provider: 'asana', object_type: kind, external_id: `${kind}-${n}`, kind, data: JSON.stringify({ name }), raw: '{}', content_hash: `h${n}`, synced_at: n, client_id: clientId, deleted })
        .execute();
    }
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('runs a prepared query with each call’s values, on the store and in a transaction', async () => {
    expect(await clientsByName(t.store.db, ws, 'Northwind')).toEqual([{ id: clientA, name: 'Northwind' }]);
    expect(await clientsByName(t.store.db, ws, 'Globex')).toEqual([{ id: clientB, name: 'Globex' }]);
    expect(await clientsByName(t.store.db, ws + 1, 'Globex')).toEqual([]);
    expect(await t.store.transaction((tx) => clientsByName(tx, ws, 'Globex'))).toEqual([{ id: clientB, name: 'Globex' }]);
    expect(await readSnapshot(t.store, (q) => clientsByName(q, ws, 'Northwind'))).toEqual([{ id: clientA, name: 'Northwind' }]);
  });

  it('refuses a prepared query whose values do not all become parameters (a value deciding the shape)', async () => {
    const shapedByValue = preparedQuery((db, name: string) => db.selectFrom('clients').select('id').where('name', '=', 'Northwind').$if(name !== '', (query) => query.limit(1)));
    await expect(shapedByValue(t.store.db, 'Northwind')).rejects.toThrow(/1 values, of which 0 became parameters/);
  });

  it('prepares a query per shape (an IN list’s length), each run with its call’s values', async () => {
    const clientsIn = preparedPerShape((count: number) => (db, ...ids: number[]) => db.selectFrom('clients').select('name').where('id', 'in', ids.slice(0, count)).orderBy('name'), String);
    expect(await clientsIn(1)(t.store.db, clientA)).toEqual([{ name: 'Northwind' }]);
    expect(await clientsIn(1)(t.store.db, clientB)).toEqual([{ name: 'Globex' }]);
    expect(await clientsIn(2)(t.store.db, clientB, clientA)).toEqual([{ name: 'Globex' }, { name: 'Northwind' }]);
    expect(await clientsIn(2)(t.store.db, clientA, clientA + clientB + 100)).toEqual([{ name: 'Northwind' }]);
  });

  it('answers a read once per snapshot, and every time outside one', async () => {
    let reads = 0;
    const read = (q: Queryable) => readOnce(q, 'clients', async () => (reads += 1, (await q.selectFrom('clients').select('id').execute()).length));
    expect(await read(t.store.db)).toBe(2);
    expect(await read(t.store.db)).toBe(2);
    expect(reads).toBe(2);
    expect(isReadSnapshot(t.store.db)).toBe(false);
    const inside = await readSnapshot(t.store, async (q) => [isReadSnapshot(q), await read(q), await read(q), await read(q)]);
    expect(inside).toEqual([true, 2, 2, 2]);
    expect(reads).toBe(3);
  });

  it('serves each kind from one prefetching read, the same records the loaders would read', async () => {
    const alone = await readSnapshot(t.store, async (q) => [await listClientRecords(q, clientA, 'task'), await listClientRecords(q, clientA, 'project'), await listClientRecords(q, clientA, 'quote')]);
    const prefetched = await readSnapshot(t.store, async (q) => {
      await prefetchClientRecords(q, clientA, ['project', 'task', 'quote']);
      return [await listClientRecords(q, clientA, 'task'), await listClientRecords(q, clientA, 'project'), await listClientRecords(q, clientA, 'quote')];
    });
    expect(prefetched).toEqual(alone);
    expect(prefetched[0]!.map((r) => r.data)).toEqual([{ name: 'Copy' }, { name: 'Launch' }]);
    expect(prefetched[2]).toEqual([]);
    // A loader may sort what it is given: the next one still gets the list in id order.
    const reordered = await readSnapshot(t.store, async (q) => {
      (await listClientRecords(q, clientA, 'task')).reverse();
      return (await listClientRecords(q, clientA, 'task')).map((r) => r.data);
    });
    expect(reordered).toEqual([{ name: 'Copy' }, { name: 'Launch' }]);
  });

  it('refuses a write inside a snapshot on both engines, and writes normally after it', async () => {
    await expect(readSnapshot(t.store, (q) => q.updateTable('clients').set({ name: 'Renamed' }).where('id', '=', clientA).execute())).rejects.toThrow();
    expect((await clientsByName(t.store.db, ws, 'Northwind')).map((c) => c.id)).toEqual([clientA]);
    await t.store.db.updateTable('clients').set({ updated_at: 2 }).where('id', '=', clientA).execute();
    await t.store.transaction((tx) => tx.updateTable('clients').set({ updated_at: 3 }).where('id', '=', clientB).execute());
    expect(await t.store.db.selectFrom('clients').select(['id', 'updated_at']).orderBy('id').execute()).toEqual([
      { id: clientA, updated_at: 2 },
      { id: clientB, updated_at: 3 },
    ]);
  });
});
