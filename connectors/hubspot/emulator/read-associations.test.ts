import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubSpotEmulatorStore } from './emulator-store.js';
import type { DemoSeed } from './emulator-store.js';
import { startHubSpotEmulator } from './start-hubspot-emulator.js';
import type { HubSpotEmulator } from './start-hubspot-emulator.js';
import { sdkFailure, sdkFor } from './emulator-test-support.js';

describe('POST /crm/v4/associations/{from}/{to}/batch/read through the SDK', () => {
  let emulator: HubSpotEmulator;
  let seed: DemoSeed;
  let loneDealId: string;

  beforeAll(async () => {
    const store = new HubSpotEmulatorStore();
    seed = store.seedDemo();
    loneDealId = store.createDeal({ dealname: 'Nobody attached', dealstage: 'appointmentscheduled' }).id;
    emulator = await startHubSpotEmulator({ store });
  });
  afterAll(() => emulator.close());

  it('returns deal→company links as numeric toObjectId with typeId 5 (primary) and 341 (unlabeled)', async () => {
    const page = await sdkFor(emulator.url).crm.associations.v4.batchApi.getPage('deals', 'companies', { inputs: seed.dealIds.map((id) => ({ id })) });
    expect(page.status).toBe('COMPLETE');
    expect(page.results).toHaveLength(3);
    const first = page.results.find((r) => r._from.id === seed.dealIds[0])!;
    expect(first.to).toEqual([
      {
        toObjectId: Number(seed.companyIds[0]),
        associationTypes: [
          { category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Deal with Primary Company' },
          { category: 'HUBSPOT_DEFINED', typeId: 341, label: null },
        ],
      },
    ]);
  });

  it('uses typeId 3 for deal→contact and 1 for a contact\'s primary company', async () => {
    const client = sdkFor(emulator.url);
    const contacts = await client.crm.associations.v4.batchApi.getPage('deals', 'contacts', { inputs: [{ id: seed.dealIds[1]! }] });
    expect(contacts.results[0]!.to.map((t) => t.associationTypes)).toEqual(Array(3).fill([{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }]));
    const companies = await client.crm.associations.v4.batchApi.getPage('contacts', 'companies', { inputs: [{ id: seed.contactIds[0]! }] });
    expect(companies.results[0]!.to[0]!.associationTypes.map((t) => t.typeId)).toEqual([1, 279]);
  });

  it('reports a record without links as a 207 error, not an empty list', async () => {
    const page = await sdkFor(emulator.url).crm.associations.v4.batchApi.getPage('deals', 'companies', { inputs: [{ id: seed.dealIds[0]! }, { id: loneDealId }] });
    expect(page.results.map((r) => r._from.id)).toEqual([seed.dealIds[0]]);
    expect(page).toMatchObject({ numErrors: 1, errors: [{ category: 'OBJECT_NOT_FOUND', subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND', context: { fromObjectId: [loneDealId] } }] });
  });

  it('answers 400 for a pair of types it does not know', async () => {
    const failure = await sdkFailure(sdkFor(emulator.url).crm.associations.v4.batchApi.getPage('deals', 'widgets', { inputs: [{ id: '1' }] }));
    expect(failure.code).toBe(400);
  });
});
