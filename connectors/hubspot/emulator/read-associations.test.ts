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

describe('association pages: at most 500 per record, paging.next.after only while more remain', () => {
  let emulator: HubSpotEmulator;
  let small: HubSpotEmulator;
  let bigDealId: string;
  let contactIds: string[];
  let fiveDealId: string;
  let oneDealId: string;
  let loneDealId: string;

  beforeAll(async () => {
    const store = new HubSpotEmulatorStore();
    contactIds = Array.from({ length: 1_201 }, (_, i) => store.createContact({ firstname: 'Person', lastname: String(i + 1) }).id);
    bigDealId = store.createDeal({ dealname: 'Many people' }, { contactIds }).id;
    fiveDealId = store.createDeal({ dealname: 'Five people' }, { contactIds: contactIds.slice(0, 5) }).id;
    oneDealId = store.createDeal({ dealname: 'One person' }, { contactIds: contactIds.slice(0, 1) }).id;
    loneDealId = store.createDeal({ dealname: 'Nobody' }).id;
    emulator = await startHubSpotEmulator({ store });
    small = await startHubSpotEmulator({ store, associationPageSize: 2 });
  });
  afterAll(async () => {
    await emulator.close();
    await small.close();
  });

  it('pages 1 201 contacts of one deal as 500, 500 and 201, in association order, the last page without paging', async () => {
    const batch = sdkFor(emulator.url).crm.associations.v4.batchApi;
    const pages: string[][] = [];
    const tokens: (string | undefined)[] = [];
    let after: string | undefined;
    do {
      const page = await batch.getPage('deals', 'contacts', { inputs: [after === undefined ? { id: bigDealId } : { id: bigDealId, after }] });
      expect(page.results).toHaveLength(1);
      const [result] = page.results;
      pages.push(result!.to.map((to) => String(to.toObjectId)));
      after = result!.paging?.next?.after;
      tokens.push(after);
      if (!after) expect(result).not.toHaveProperty('paging');
    } while (after && pages.length < 10);
    expect(pages.map((page) => page.length)).toEqual([500, 500, 201]);
    expect(pages.flat()).toEqual(contactIds);
    expect(tokens.slice(0, 2).every((token) => typeof token === 'string' && token.length > 0)).toBe(true);
    expect(tokens[2]).toBeUndefined();
  });

  it('pages each input record on its own (a smaller page size set on the emulator) and keeps the 207 for a record without links', async () => {
    const batch = sdkFor(small.url).crm.associations.v4.batchApi;
    const first = await batch.getPage('deals', 'contacts', { inputs: [{ id: fiveDealId }, { id: oneDealId }, { id: loneDealId }] });
    const five = first.results.find((r) => r._from.id === fiveDealId)!;
    const one = first.results.find((r) => r._from.id === oneDealId)!;
    expect(five.to.map((to) => String(to.toObjectId))).toEqual(contactIds.slice(0, 2));
    expect(one.to.map((to) => String(to.toObjectId))).toEqual(contactIds.slice(0, 1));
    expect(one.paging).toBeUndefined();
    expect(first).toMatchObject({ numErrors: 1, errors: [{ subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND', context: { fromObjectId: [loneDealId] } }] });

    const second = await batch.getPage('deals', 'contacts', { inputs: [{ id: fiveDealId, after: five.paging!.next!.after }] });
    expect(second.results[0]!.to.map((to) => String(to.toObjectId))).toEqual(contactIds.slice(2, 4));
    const third = await batch.getPage('deals', 'contacts', { inputs: [{ id: fiveDealId, after: second.results[0]!.paging!.next!.after }] });
    expect(third.results[0]!.to.map((to) => String(to.toObjectId))).toEqual(contactIds.slice(4, 5));
    expect(third.results[0]!.paging).toBeUndefined();
  });

  it('answers a 400 VALIDATION_ERROR for an after token it did not hand out, or one handed out for another record', async () => {
    const batch = sdkFor(small.url).crm.associations.v4.batchApi;
    const page = await batch.getPage('deals', 'contacts', { inputs: [{ id: fiveDealId }] });
    const token = page.results[0]!.paging!.next!.after;
    for (const input of [
      { id: fiveDealId, after: 'not a token' },
      { id: fiveDealId, after: Buffer.from('two-pages-on').toString('base64url') },
      { id: fiveDealId, after: Buffer.from(`0-${fiveDealId}`).toString('base64url') },
      { id: oneDealId, after: token },
    ]) {
      const failure = await sdkFailure(batch.getPage('deals', 'contacts', { inputs: [input] }));
      expect(failure.code).toBe(400);
      expect(failure.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
      expect(String(failure.body.message)).toContain('"after" paging token');
    }
    // The token itself still reads its page.
    expect((await batch.getPage('deals', 'contacts', { inputs: [{ id: fiveDealId, after: token }] })).results[0]!.to).toHaveLength(2);
  });
});
