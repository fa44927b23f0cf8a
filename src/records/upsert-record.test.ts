import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../tests/support/store-engines.js';
import { upsertRecord, type RecordWrite } from './upsert-record.js';

describe.each(STORE_ENGINES)('upsertRecord on %s', (engine) => {
  let t: TestStore;
  let connectionId: number;
  let workspaceId: number;
  let externalId = 0;
  beforeAll(async () => {
    t = await openTestStore(engine);
    workspaceId = (await t.store.db.insertInto('workspaces').values({ slug: 'w', name: 'W', created_at: 0 }).returning('id').executeTakeFirstOrThrow()).id;
    connectionId = (
      await t.store.db
        .insertInto('connections')
        .values({ workspace_id: workspaceId, provider: 'hubspot', label: 'env', auth_type: 'token', created_at: 0, updated_at: 0 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await t?.cleanup();
  });
  let id: string;
  beforeEach(() => {
    id = String(++externalId);
  });

  const write = (version: number, name: string, deleted = false): RecordWrite => ({
    workspaceId,
    connectionId,
    provider: 'hubspot',
    objectType: 'companies',
    externalId: id,
    kind: 'company',
    data: { name },
    raw: { id, properties: { name, hs_lastmodifieddate: String(version) } },
    sourceUpdatedAt: version,
    deleted,
  });
  const upsert = (w: RecordWrite) => t.store.transaction((tx) => upsertRecord(tx, w));
  const stored = () =>
    t.store.db.selectFrom('records').select(['data', 'version', 'source_updated_at', 'deleted']).where('external_id', '=', id).executeTakeFirstOrThrow();
  const changes = async () =>
    (
      await t.store.db
        .selectFrom('record_changes as c')
        .innerJoin('records as r', 'r.id', 'c.record_id')
        .select(['c.change', 'c.version'])
        .where('r.external_id', '=', id)
        .orderBy('c.id')
        .execute()
    ).map((c) => ({ change: c.change, version: c.version }));

  it('applies versions in source order whatever order they arrive in: an older version never overwrites a newer one', async () => {
    expect((await upsert(write(200, 'Newer'))).outcome).toBe('added');
    expect((await upsert(write(100, 'Older'))).outcome).toBe('stale');
    expect((await upsert(write(200, 'Newer'))).outcome).toBe('unchanged');
    expect((await upsert(write(300, 'Newest'))).outcome).toBe('updated');
    const row = await stored();
    expect({ name: (JSON.parse(row.data) as { name: string }).name, version: row.version, at: row.source_updated_at }).toEqual({ name: 'Newest', version: 2, at: 300 });
    expect(await changes()).toEqual([
      { change: 'created', version: 1 },
      { change: 'updated', version: 2 },
    ]);
  });

  it('stores a provider value holding U+0000 (which PostgreSQL jsonb refuses) as U+FFFD, added and updated, on both engines alike', async () => {
    expect((await upsert(write(100, 'Acme\u0000 Ltd'))).outcome).toBe('added');
    expect(JSON.parse((await stored()).data)).toEqual({ name: 'Acme\uFFFD Ltd' });
    expect((await upsert(write(200, '\u0000Acme'))).outcome).toBe('updated');
    expect(JSON.parse((await stored()).data)).toEqual({ name: '\uFFFDAcme' });
    // The raw payload keeps the bytes the provider sent.
    const raw = await t.store.db.selectFrom('records').select('raw').where('external_id', '=', id).executeTakeFirstOrThrow();
    expect((JSON.parse(raw.raw) as { properties: { name: string } }).properties.name).toBe('\u0000Acme');
  });

  it('keeps tombstones ordered too: an older edit cannot resurrect a deleted record', async () => {
    await upsert(write(100, 'Alive'));
    expect((await upsert(write(300, 'Alive', true))).outcome).toBe('deleted');
    expect((await upsert(write(200, 'Edited before deletion'))).outcome).toBe('stale');
    expect((await stored()).deleted).toBe(1);
    expect(await changes()).toEqual([
      { change: 'created', version: 1 },
      { change: 'deleted', version: 2 },
    ]);
  });

  it('skips unchanged content (hashed independently of key order): no new version, no change row', async () => {
    await upsert(write(100, 'Same'));
    const reordered = write(100, 'Same');
    reordered.raw = { properties: { hs_lastmodifieddate: '100', name: 'Same' }, id };
    expect((await upsert(reordered)).outcome).toBe('unchanged');
    expect((await stored()).version).toBe(1);
    expect(await changes()).toEqual([{ change: 'created', version: 1 }]);
  });

  it('writes nothing when the transaction it ran in rolls back', async () => {
    await expect(
      t.store.transaction(async (tx) => {
        await upsertRecord(tx, write(100, 'Never'));
        throw new Error('the page failed');
      }),
    ).rejects.toThrow('the page failed');
    expect(await t.store.db.selectFrom('records').select('id').where('external_id', '=', id).execute()).toEqual([]);
  });
});
