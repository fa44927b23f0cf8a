/**
 * Migration 24 on a PostgreSQL database that already holds records (data as text, migrations 1–23):
 * the data, the columns derived from it, the id lists and the triggers all come through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { migrations } from '../../db/migrations/index.js';
import { POSTGRES_BASELINE, POSTGRES_BASELINE_VERSION } from './baseline.js';
import { openPostgresStore } from './open-postgres-store.js';
import { createThrowAwayPostgres } from '../../../tests/support/store-engines.js';
import type { Store } from '../store.js';

describe('migration 24 (records.data as jsonb) on a PostgreSQL database holding records', () => {
  let database: Awaited<ReturnType<typeof createThrowAwayPostgres>>;
  let store: Store;
  const deal = { name: 'Website', isWon: true, closeDate: '2026-11-02', companyExternalIds: ['c1', 'c2'], note: 'Ünïcode "quoted" \\ back' };
  const contact = { fullName: 'Nancy Davolio', email: 'nancy@northwind.example', companyExternalIds: ['c1'] };

  beforeAll(async () => {
    database = await createThrowAwayPostgres();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      // The schema as it was before migration 24, with records written then.
      await client.query('CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
      await client.query(POSTGRES_BASELINE);
      for (const m of migrations.filter((m) => m.version > POSTGRES_BASELINE_VERSION && m.version < 24)) await client.query(m.postgres!);
      for (const m of migrations.filter((m) => m.version < 24)) await client.query('INSERT INTO schema_migrations VALUES ($1, $2, 0)', [m.version, m.name]);
      const ws = (await client.query(`INSERT INTO workspaces (slug, name, created_at) VALUES ('w', 'W', 1) RETURNING id`)).rows[0].id;
      const cn = (await client.query(`INSERT INTO connections (workspace_id, provider, label, auth_type, status, created_at, updated_at) VALUES ($1, 'hubspot', 'h', 'token', 'active', 1, 1) RETURNING id`, [ws])).rows[0].id;
      const insert = `INSERT INTO records (workspace_id, connection_id, provider, object_type, external_id, kind, data, raw, content_hash, synced_at) VALUES ($1, $2, 'hubspot', $3, $4, $5, $6, '{}', 'h', 1)`;
      await client.query(insert, [ws, cn, 'deals', 'd1', 'deal', JSON.stringify(deal)]);
      await client.query(insert, [ws, cn, 'contacts', 'p1', 'contact', JSON.stringify(contact)]);
      await client.query('DELETE FROM identity_keys_pending');
    } finally {
      await client.end();
    }
    store = await openPostgresStore(database.url);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('keeps every record’s data, its derived columns and its id lists, and the type is jsonb', async () => {
    const { rows } = await sql<{ data_type: string }>`SELECT data_type FROM information_schema.columns WHERE table_name = 'records' AND column_name = 'data'`.execute(store.db);
    expect(rows).toEqual([{ data_type: 'jsonb' }]);
    const records = await store.db.selectFrom('records').select(['external_id', 'data', 'is_won', 'close_date', 'display_name', 'email']).orderBy('external_id').execute();
    expect(records.map((r) => ({ ...r, data: JSON.parse(r.data) as unknown }))).toEqual([
      { external_id: 'd1', data: deal, is_won: 1, close_date: '2026-11-02', display_name: 'Website', email: null },
      { external_id: 'p1', data: contact, is_won: 0, close_date: null, display_name: 'Nancy Davolio', email: 'nancy@northwind.example' },
    ]);
    const refs = await store.db.selectFrom('record_refs as f').innerJoin('records as r', 'r.id', 'f.record_id').select(['r.external_id', 'f.ref_kind', 'f.external_id as ref']).orderBy('r.external_id').orderBy('f.external_id').execute();
    expect(refs.map((r) => `${r.external_id}→${r.ref_kind}:${r.ref}`)).toEqual(['d1→company:c1', 'd1→company:c2', 'p1→company:c1']);
    const indexes = (await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename = 'records'`.execute(store.db)).rows;
    expect(indexes.map((i) => i.indexname)).toEqual(expect.arrayContaining(['records_won_deals', 'records_by_customer', 'records_by_project', 'records_by_request']));
  });

  it('keeps the triggers: a changed contact is queued for identity keys and its id list follows; an unchanged write queues nothing', async () => {
    const pending = () => store.db.selectFrom('identity_keys_pending').select(['subject']).execute();
    // The same value in other spacing and key order is no change to jsonb.
    await store.db.updateTable('records').set({ data: JSON.stringify({ companyExternalIds: ['c1'], email: 'nancy@northwind.example', fullName: 'Nancy Davolio' }) }).where('external_id', '=', 'p1').execute();
    expect(await pending()).toEqual([]);
    await store.db.updateTable('records').set({ data: JSON.stringify({ ...contact, email: 'nancy@contoso.example', companyExternalIds: ['c9'] }) }).where('external_id', '=', 'p1').execute();
    expect(await pending()).toEqual([{ subject: 'record' }]);
    const refs = await store.db.selectFrom('record_refs as f').innerJoin('records as r', 'r.id', 'f.record_id').select('f.external_id').where('r.external_id', '=', 'p1').execute();
    expect(refs).toEqual([{ external_id: 'c9' }]);
    expect((await store.db.selectFrom('records').select('email').where('external_id', '=', 'p1').executeTakeFirstOrThrow()).email).toBe('nancy@contoso.example');
  });
});
