import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { readFileSync } from 'node:fs';
import { openTestStore, createThrowAwayPostgres, STORE_ENGINES, type TestStore } from '../../tests/support/store-engines.js';
import { openPostgresStore, StoreUnavailableError } from './postgres/open-postgres-store.js';
import { renderBaselineModule } from '../../scripts/generate-postgres-schema.js';
import { renderSchemaTypes } from '../../scripts/generate-schema-types.js';
import { migrations } from '../db/migrations/index.js';
import type { Store } from './store.js';

/** Every table's columns, generated ones included (SQLite's table_info hides those, so table_xinfo). */
async function columnsOf(store: Store): Promise<Record<string, string[]>> {
  const rows =
    store.engine === 'sqlite'
      ? (
          await sql<{ table_name: string; column_name: string }>`
            SELECT m.name AS table_name, c.name AS column_name FROM sqlite_master m, pragma_table_xinfo(m.name) c
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`.execute(store.db)
        ).rows
      : (
          await sql<{ table_name: string; column_name: string }>`
            SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name != 'rowid'`.execute(store.db)
        ).rows;
  const tables: Record<string, string[]> = {};
  for (const row of rows) (tables[row.table_name] ??= []).push(row.column_name);
  return Object.fromEntries(Object.entries(tables).sort(([a], [b]) => a.localeCompare(b)).map(([t, c]) => [t, c.sort()]));
}

describe('the PostgreSQL baseline', () => {
  it('is what the generator writes from the SQLite migrations (never edited by hand)', () => {
    expect(readFileSync(new URL('./postgres/baseline.ts', import.meta.url), 'utf8')).toBe(renderBaselineModule());
  });

  it('src/store/schema.ts is what the generator writes from the migrations', () => {
    expect(readFileSync(new URL('./schema.ts', import.meta.url), 'utf8')).toBe(renderSchemaTypes());
  }, 30_000);

  it('every migration after the baseline carries its PostgreSQL form', () => {
    for (const migration of migrations.filter((m) => m.version > 19)) expect(migration.postgres, migration.name).toBeTypeOf('string');
  });
});

describe('both engines hold the same schema', () => {
  let sqlite: TestStore;
  let postgres: TestStore;
  beforeAll(async () => {
    [sqlite, postgres] = await Promise.all([openTestStore('sqlite'), openTestStore('postgres')]);
  });
  afterAll(async () => {
    await Promise.all([sqlite?.cleanup(), postgres?.cleanup()]);
  });

  it('has the same tables and columns on SQLite and PostgreSQL', async () => {
    const [a, b] = await Promise.all([columnsOf(sqlite.store), columnsOf(postgres.store)]);
    expect(Object.keys(a).length).toBeGreaterThan(40);
    expect(b).toEqual(a);
  });

  it('records the same applied migrations', async () => {
    const versions = async (s: Store) => (await s.db.selectFrom('schema_migrations').select('version').orderBy('version').execute()).map((r) => r.version);
    expect(await versions(postgres.store)).toEqual(await versions(sqlite.store));
  });
});

describe.each(STORE_ENGINES)('the store on %s', (engine) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(engine);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('returns generated ids and millisecond timestamps as numbers', async () => {
    const at = 1_765_000_000_123;
    const row = await t.store.db
      .insertInto('workspaces')
      .values({ slug: 'w1', name: 'W', created_at: at })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    expect(typeof row.id).toBe('number');
    expect(row.created_at).toBe(at);
    const count = await t.store.db.selectFrom('workspaces').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('rolls a failed transaction back whole', async () => {
    await expect(
      t.store.transaction(async (tx) => {
        await tx.insertInto('workspaces').values({ slug: 'w2', name: 'W2', created_at: 1 }).execute();
        await tx.insertInto('workspaces').values({ slug: 'w2', name: 'duplicate slug', created_at: 1 }).execute();
      }),
    ).rejects.toThrow(/unique|UNIQUE/);
    expect(await t.store.db.selectFrom('workspaces').where('slug', '=', 'w2').selectAll().execute()).toEqual([]);
  });

  it('compares e-mail addresses without case, as the portal always has', async () => {
    const ws = await t.store.db.insertInto('workspaces').values({ slug: 'w3', name: 'W3', created_at: 1 }).returning('id').executeTakeFirstOrThrow();
    await t.store.db.insertInto('staff_users').values({ workspace_id: ws.id, email: 'Ann@Example.COM', name: 'Ann', role: 'owner', created_at: 1 }).execute();
    const found = await t.store.db.selectFrom('staff_users').where('email', '=', 'ann@example.com').select('name').executeTakeFirst();
    expect(found?.name).toBe('Ann');
    await expect(
      t.store.db.insertInto('staff_users').values({ workspace_id: ws.id, email: 'ann@EXAMPLE.com', name: 'Ann 2', role: 'owner', created_at: 1 }).execute(),
    ).rejects.toThrow(/unique|UNIQUE/);
  });

  it('queues identity-key work from the triggers on both engines', async () => {
    const ws = await t.store.db.insertInto('workspaces').values({ slug: 'w4', name: 'W4', created_at: 1 }).returning('id').executeTakeFirstOrThrow();
    const client = await t.store.db.insertInto('clients').values({ workspace_id: ws.id, name: 'Acme', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow();
    const pending = await t.store.db.selectFrom('identity_keys_pending').selectAll().where('subject', '=', 'client').where('subject_id', '=', client.id).execute();
    expect(pending).toHaveLength(1);
    await t.store.db.deleteFrom('identity_keys_pending').execute();
    await t.store.db.updateTable('clients').set({ name: 'Acme' }).where('id', '=', client.id).execute();
    expect(await t.store.db.selectFrom('identity_keys_pending').selectAll().execute()).toHaveLength(0);
    await t.store.db.updateTable('clients').set({ name: 'Acme Ltd' }).where('id', '=', client.id).execute();
    expect(await t.store.db.selectFrom('identity_keys_pending').selectAll().execute()).toHaveLength(1);
  });

  it('runs queued callers one at a time on one SQLite connection, and concurrently on PostgreSQL, without losing a write', async () => {
    const ws = await t.store.db.insertInto('workspaces').values({ slug: 'w5', name: 'W5', created_at: 1 }).returning('id').executeTakeFirstOrThrow();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.store.transaction(async (tx) => {
          const row = await tx.selectFrom('workspaces').select('name').where('id', '=', ws.id).executeTakeFirstOrThrow();
          await tx.updateTable('workspaces').set({ name: `${row.name}.${i}` }).where('id', '=', ws.id).execute();
        }, { isolation: 'serializable' }),
      ),
    );
    const final = await t.store.db.selectFrom('workspaces').select('name').where('id', '=', ws.id).executeTakeFirstOrThrow();
    expect(final.name.split('.').slice(1).map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe.each(STORE_ENGINES)('record fields as columns on %s (migration 20)', (engine) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(engine);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('derives the filtered fields and id lists from the data, and follows every change of it', async () => {
    const ws = await t.store.db.insertInto('workspaces').values({ slug: 'r', name: 'R', created_at: 1 }).returning('id').executeTakeFirstOrThrow();
    const cn = await t.store.db
      .insertInto('connections')
      .values({ workspace_id: ws.id, provider: 'hubspot', label: 'h', auth_type: 'token', status: 'active', created_at: 1, updated_at: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const deal = { name: 'Website', isWon: true, closeDate: '2026-11-02', companyExternalIds: ['c1', 'c2', 7] };
    const row = await t.store.db
      .insertInto('records')
      .values({
        workspace_id: ws.id, connection_id: cn.id, provider: 'hubspot', object_type: 'deals', external_id: 'd1', kind: 'deal',
        data: JSON.stringify(deal), raw: '{}', content_hash: 'h', synced_at: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const read = () =>
      t.store.db.selectFrom('records').select(['is_won', 'client_visible', 'close_date', 'display_name', 'status']).where('id', '=', row.id).executeTakeFirstOrThrow();
    const refs = async () =>
      (await t.store.db.selectFrom('record_refs').select(['ref_kind', 'external_id']).where('record_id', '=', row.id).orderBy('external_id').execute()).map(
        (r) => `${r.ref_kind}:${r.external_id}`,
      );
    expect(await read()).toEqual({ is_won: 1, client_visible: 0, close_date: '2026-11-02', display_name: 'Website', status: null });
    expect(await refs()).toEqual(['company:c1', 'company:c2']);
    await t.store.db.updateTable('records').set({ data: JSON.stringify({ ...deal, isWon: false, companyExternalIds: ['c3'] }) }).where('id', '=', row.id).execute();
    expect((await read()).is_won).toBe(0);
    expect(await refs()).toEqual(['company:c3']);
    await t.store.db.deleteFrom('records').where('id', '=', row.id).execute();
    expect(await t.store.db.selectFrom('record_refs').selectAll().execute()).toEqual([]);
  });
});

describe('PostgreSQL at start', () => {
  it('applies migrations once when several processes start together', async () => {
    const database = await createThrowAwayPostgres();
    try {
      const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(database.url, { poolSize: 2 })));
      const rows = await stores[0]!.db.selectFrom('schema_migrations').select('version').execute();
      expect(rows).toHaveLength(migrations.length);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await database.drop();
    }
  });

  it('names the host and what to check in one sentence when the server cannot be reached', async () => {
    const attempt = openPostgresStore('postgres://hub:secret-pw@127.0.0.1:1/clienthub', { connectTimeoutMs: 2000 });
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(attempt).rejects.toThrow(/^Cannot reach PostgreSQL at 127\.0\.0\.1:1\/clienthub \(.+\): check that the server is running/);
    await expect(attempt).rejects.not.toThrow(/secret-pw/);
  });
});

