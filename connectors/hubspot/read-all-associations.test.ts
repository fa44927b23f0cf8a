/**
 * Every page of HubSpot's v4 association batch read (500 per record per page), through the real
 * SDK against the emulator: a deal's 600 contacts all reach the synced record, more than 1 000
 * records are asked in batches the API accepts, and paging that never ends stops with a clear error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, hubspotConnectionId, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from '../../src/sync/run-pull.js';
import { buildConnectorContext } from '../../src/connections/build-connector-context.js';
import { findConnection } from '../../src/store/connections/find-connection.js';
import { ProviderError } from '../../src/connector-kit/index.js';
import { HubSpotEmulatorStore } from './emulator/emulator-store.js';
import { startHubSpotEmulator, type EmulatorOptions, type HubSpotEmulator } from './emulator/start-hubspot-emulator.js';
import { MAX_ASSOCIATION_BATCH_INPUTS } from './emulator/read-associations.js';
import { MAX_ASSOCIATION_PAGES, readAllAssociations } from './read-all-associations.js';
import { sqlGet } from '../../tests/support/sql.js';

describe('readAllAssociations: every page of every record', () => {
  let emulator: HubSpotEmulator | undefined;
  let app: TestApp | undefined;

  afterEach(async () => {
    await app?.dispose();
    await emulator?.close();
    app = undefined;
    emulator = undefined;
  });

  async function start(store: HubSpotEmulatorStore, options: EmulatorOptions = {}) {
    emulator = await startHubSpotEmulator({ store, ...options });
    app = await createTestApp({ HUBSPOT_BASE_URL: emulator.url });
    const connectionId = await hubspotConnectionId(app);
    return { emulator, app, connectionId, ctx: await buildConnectorContext(app, (await findConnection(app.store.db, connectionId))!) };
  }
  const associationReads = (server: HubSpotEmulator, toType: string) => server.requests.filter((r) => r.path === `/crm/v4/associations/deals/${toType}/batch/read`).length;

  it('a deal associated with 600 contacts syncs all 600 (two pages of HubSpot\'s 500)', async () => {
    const store = new HubSpotEmulatorStore();
    const companyId = store.createCompany({ name: 'Northwind Traders' }).id;
    const contactIds = Array.from({ length: 600 }, (_, i) => store.createContact({ firstname: 'Person', lastname: String(i + 1) }, { companyId }).id);
    const dealId = store.createDeal({ dealname: 'Company-wide licence', dealstage: 'appointmentscheduled' }, { companyId, contactIds }).id;
    const { emulator: server, app: hub, connectionId } = await start(store);

    await runPull(hub, connectionId, 'deals', 'backfill');
    const row = (await sqlGet<{ data: string }>(hub, `SELECT data FROM records WHERE connection_id = ? AND kind = 'deal' AND external_id = ?`, connectionId, dealId))!;
    const data = JSON.parse(row.data) as { contactExternalIds: string[]; companyExternalIds: string[] };
    expect(data.contactExternalIds).toHaveLength(600);
    expect(data.contactExternalIds).toEqual(contactIds);
    expect(data.companyExternalIds).toEqual([companyId]);
    expect(associationReads(server, 'contacts')).toBe(2);
    expect(associationReads(server, 'companies')).toBe(1);
  });

  it('asks for more than 1 000 records in batches HubSpot accepts and follows each record\'s own pages', async () => {
    const store = new HubSpotEmulatorStore();
    const people = Array.from({ length: 7 }, (_, i) => store.createContact({ firstname: 'Person', lastname: String(i + 1) }).id);
    // Deal i has i % 8 contacts: none (HubSpot's 207 NO_ASSOCIATIONS_FOUND) up to 7 (four pages of 2).
    const dealIds = Array.from({ length: 1_250 }, (_, i) => store.createDeal({ dealname: `Deal ${i}` }, { contactIds: people.slice(0, i % 8) }).id);
    const { emulator: server, ctx } = await start(store, { associationPageSize: 2 });

    const found = await readAllAssociations(ctx, 'deals', 'contacts', [...dealIds, dealIds[0]!]);
    expect([...found.keys()]).toEqual(dealIds);
    for (const [i, dealId] of dealIds.entries()) expect(found.get(dealId)).toEqual(people.slice(0, i % 8));
    // The emulator refuses more than 1 000 inputs, so getting here means every batch was accepted;
    // records still paging share requests: 1 000 first pages; the other 250 with 625 second pages;
    // then 155 second and 375 third pages; 93 third and 125 fourth; the last 31 fourth pages.
    expect(MAX_ASSOCIATION_BATCH_INPUTS).toBe(1_000);
    expect(associationReads(server, 'contacts')).toBe(5);
  });

  it('stops with a clear error when one record keeps paging past the page bound', async () => {
    const store = new HubSpotEmulatorStore();
    const people = Array.from({ length: MAX_ASSOCIATION_PAGES + 1 }, (_, i) => store.createContact({ firstname: 'Person', lastname: String(i + 1) }).id);
    const dealId = store.createDeal({ dealname: 'Endless' }, { contactIds: people }).id;
    const { emulator: server, ctx } = await start(store, { associationPageSize: 1 });

    const failure = await readAllAssociations(ctx, 'deals', 'contacts', [dealId]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as ProviderError).retryable).toBe(false);
    expect((failure as Error).message).toBe(`HubSpot kept paging the contacts of deal ${dealId} past ${MAX_ASSOCIATION_PAGES} pages (${MAX_ASSOCIATION_PAGES} read): stopped reading them`);
    expect(associationReads(server, 'contacts')).toBe(MAX_ASSOCIATION_PAGES);
  });
});
