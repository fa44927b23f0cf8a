import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubSpotEmulatorStore } from './emulator-store.js';
import type { DemoSeed } from './emulator-store.js';
import { startHubSpotEmulator } from './start-hubspot-emulator.js';
import type { HubSpotEmulator } from './start-hubspot-emulator.js';
import { T0, sdkFailure, sdkFor } from './emulator-test-support.js';

describe('reading CRM objects by id through the SDK', () => {
  let emulator: HubSpotEmulator;
  let seed: DemoSeed;

  beforeAll(async () => {
    const store = new HubSpotEmulatorStore({ now: () => T0 });
    seed = store.seedDemo();
    emulator = await startHubSpotEmulator({ store });
  });
  afterAll(() => emulator.close());

  it('gets a contact with its companies; the primary company comes twice, as in HubSpot', async () => {
    const client = sdkFor(emulator.url);
    const contactId = seed.contactIds[0]!;
    const contact = await client.crm.contacts.basicApi.getById(contactId, ['email', 'firstname', 'not_a_value'], undefined, ['companies']);
    expect(contact.id).toBe(contactId);
    expect(contact.properties).toMatchObject({ email: 'nancy.davolio@northwind.example', firstname: 'Nancy', not_a_value: null, hs_object_id: contactId });
    expect(contact.createdAt).toBeInstanceOf(Date);
    expect(contact.associations?.companies?.results).toEqual([
      { id: seed.companyIds[0], type: 'contact_to_company' },
      { id: seed.companyIds[0], type: 'contact_to_company_unlabeled' },
    ]);
  });

  it('gets a deal with companies and contacts; a type without links is left out', async () => {
    const client = sdkFor(emulator.url);
    const deal = await client.crm.deals.basicApi.getById(seed.dealIds[1]!, ['dealname'], undefined, ['companies', 'contacts']);
    expect(deal.properties.dealname).toBe('Brand refresh');
    expect(deal.associations?.contacts?.results.map((r) => r.type)).toEqual(['deal_to_contact', 'deal_to_contact', 'deal_to_contact']);
    const company = await client.crm.companies.basicApi.getById(seed.companyIds[0]!, undefined, undefined, ['tickets']);
    expect(company.associations).toBeUndefined();
  });

  it('reads by a unique property with idProperty', async () => {
    const client = sdkFor(emulator.url);
    const contact = await client.crm.contacts.basicApi.getById('hank.scorpio@globex.example', ['lastname'], undefined, undefined, false, 'email');
    expect(contact.properties.lastname).toBe('Scorpio');
  });

  it('answers a missing record with 404 OBJECT_NOT_FOUND in HubSpot error shape', async () => {
    const failure = await sdkFailure(sdkFor(emulator.url).crm.deals.basicApi.getById('123456789'));
    expect(failure.code).toBe(404);
    expect(failure.body).toEqual({ status: 'error', message: expect.stringMatching(/^Object not found/), category: 'OBJECT_NOT_FOUND', correlationId: expect.any(String) });
  });

  it('batch-reads deals: 200 COMPLETE when all exist, 207 with the missing ids listed otherwise', async () => {
    const client = sdkFor(emulator.url);
    const all = await client.crm.deals.batchApi.read({ inputs: seed.dealIds.map((id) => ({ id })), properties: ['dealname', 'dealstage'], propertiesWithHistory: [] });
    expect(all.status).toBe('COMPLETE');
    expect(all.results.map((r) => r.properties.dealname).sort()).toEqual(['Brand refresh', 'Quarterly retainer', 'Website rebuild']);
    expect(all.startedAt).toBeInstanceOf(Date);
    expect('errors' in all).toBe(false);

    const partial = await client.crm.deals.batchApi.read({ inputs: [{ id: seed.dealIds[0]! }, { id: '424242' }], properties: ['dealname'], propertiesWithHistory: [] });
    expect(partial.results.map((r) => r.id)).toEqual([seed.dealIds[0]]);
    expect(partial).toMatchObject({
      status: 'COMPLETE',
      numErrors: 1,
      errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: ['424242'] } }],
    });
  });

  it('refuses a batch of more than 100 ids', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) }));
    const failure = await sdkFailure(sdkFor(emulator.url).crm.deals.batchApi.read({ inputs, properties: [], propertiesWithHistory: [] }));
    expect(failure.code).toBe(400);
  });

  it('makes a read of one record slow on demand, and logs requests', async () => {
    const client = sdkFor(emulator.url);
    const slowId = seed.dealIds[2]!;
    emulator.delayFor('deals', slowId, 300);
    try {
      let started = Date.now();
      await client.crm.deals.basicApi.getById(seed.dealIds[0]!);
      expect(Date.now() - started).toBeLessThan(250);
      started = Date.now();
      await client.crm.deals.batchApi.read({ inputs: [{ id: slowId }], properties: [], propertiesWithHistory: [] });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      emulator.delayFor('deals', slowId, 0);
    }
    expect(emulator.requests.at(-1)).toEqual({ method: 'POST', path: '/crm/v3/objects/deals/batch/read', at: expect.any(Number) });
  });
});
