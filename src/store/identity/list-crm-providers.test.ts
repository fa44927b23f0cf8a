import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQuery, sql } from 'kysely';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { crmProvidersQuery, listCrmProviders } from './list-crm-providers.js';

/**
 * "Which providers are the CRM" runs with every synced page. With deals a large share of the cache,
 * PostgreSQL planned the EXISTS form as a scan of every deal (274 ms a page at 50 000 deals): the
 * probe must stay an index lookup however common deals are.
 */
describe.each(STORE_ENGINES)('listCrmProviders on %s', (engine) => {
  let t: TestStore;
  let ws: number;
  beforeAll(async () => {
    t = await openTestStore(engine);
    const q = t.store.db;
    ws = (await q.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const connection = async (provider: string) =>
      (await q.insertInto('connections').values({ workspace_id: ws, provider, label: provider, auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const hubspot = await connection('hubspot');
    await connection('xero');
    // Contacts first, then 6 000 deals: most of the table, and all at its end.
    for (const [kind, count] of [['contact', 2_000], ['deal', 6_000]] as const) {
      for (let start = 0; start < count; start += 500) {
        await q
          .insertInto('records')
          .values(
            Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
              workspace_id: ws,
              connection_id: hubspot,
              provider: 'hubspot',
              object_type: `${kind}s`,
              external_id: `${kind}-${start + i}`,
              kind,
              data: '{}',
              raw: '{}',
              content_hash: `${kind}-${start + i}`,
              source_updated_at: 1,
              synced_at: 1,
              deleted: 0,
              version: 1,
            })),
          )
          .execute();
      }
    }
    await sql`ANALYZE`.execute(q);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('names the providers with deals, and only them', async () => {
    expect(await listCrmProviders(t.store.db, ws)).toEqual(new Set(['hubspot']));
  });

  it('looks deals up through the index, never by reading the records table through', async () => {
    const compiled = crmProvidersQuery(t.store.db, ws).compile();
    const explain = engine === 'postgres' ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN';
    const { rows } = await t.store.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`${explain} ${compiled.sql}`, [...compiled.parameters]));
    const plan = rows.map((row) => String(row['QUERY PLAN'] ?? row.detail)).join('\n');
    expect(plan).toMatch(engine === 'postgres' ? /Index (Only )?Scan using records_by_external_id on records r/ : /SEARCH r USING (COVERING )?INDEX records_by_external_id/);
    expect(plan).not.toMatch(engine === 'postgres' ? /Seq Scan on records/ : /SCAN r\b/);
  });
});
