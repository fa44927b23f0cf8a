import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/deals/index.js';
import { HubSpotEmulatorStore } from './emulator-store.js';
import { startHubSpotEmulator } from './start-hubspot-emulator.js';
import type { HubSpotEmulator } from './start-hubspot-emulator.js';
import { SEARCH_RESULT_CEILING } from './search-objects.js';
import { T0, sdkFailure, sdkFor } from './emulator-test-support.js';

describe('POST /crm/v3/objects/{type}/search through the SDK', () => {
  let emulator: HubSpotEmulator;
  const store = new HubSpotEmulatorStore({ now: () => T0 });
  let dealIds: string[] = [];

  beforeAll(async () => {
    // Cheap at this size (milliseconds): one more page than the ceiling allows.
    dealIds = store.generate(SEARCH_RESULT_CEILING + 50, { types: ['deals'], spacingMs: 1000 }).dealIds;
    emulator = await startHubSpotEmulator({ store });
  });
  afterAll(() => emulator.close());

  it('filters by a date given as epoch ms, sorts, pages with after, and returns only the asked properties', async () => {
    const client = sdkFor(emulator.url);
    const since = T0 - 25_000; // the last 25 deals are strictly newer
    const request = {
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: FilterOperatorEnum.Gt, value: String(since) }] }],
      sorts: ['hs_lastmodifieddate'],
      properties: ['dealname', 'amount'],
      limit: 20,
    };
    const first = await client.crm.deals.searchApi.doSearch(request);
    expect(first.total).toBe(25);
    expect(first.results).toHaveLength(20);
    expect(first.paging?.next?.after).toBe('20');
    const deal = first.results[0]!;
    expect(deal.id).toBe(dealIds[SEARCH_RESULT_CEILING + 50 - 25]);
    expect(Object.keys(deal.properties).sort()).toEqual(['amount', 'createdate', 'dealname', 'hs_lastmodifieddate', 'hs_object_id']);
    // The SDK turns createdAt/updatedAt into Date objects; properties stay strings.
    expect(deal.updatedAt).toBeInstanceOf(Date);
    expect(typeof deal.properties.hs_lastmodifieddate).toBe('string');

    const second = await client.crm.deals.searchApi.doSearch({ ...request, after: first.paging!.next!.after });
    expect(second.results.map((r) => r.id)).toEqual(dealIds.slice(-5));
    expect(second.paging).toBeUndefined();
  });

  it('compares ISO values as instants, ORs filter groups, honours IN and a descending sort object', async () => {
    const client = sdkFor(emulator.url);
    const iso = new Date(T0 - 2_000).toISOString();
    const [a, b, c] = dealIds.slice(-3) as [string, string, string];
    const page = await client.crm.deals.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'hs_lastmodifieddate', operator: FilterOperatorEnum.Gte, value: iso }] },
        { filters: [{ propertyName: 'hs_object_id', operator: FilterOperatorEnum.In, values: [dealIds[0]!] }] },
      ],
      // The documented object form; the SDK types sorts as strings, hence the cast.
      sorts: [{ propertyName: 'hs_object_id', direction: 'DESCENDING' } as unknown as string],
      limit: 10,
    });
    expect(page.results.map((r) => r.id)).toEqual([c, b, a, dealIds[0]]);
    // Without named properties HubSpot returns its defaults for the type.
    expect(Object.keys(page.results[0]!.properties)).toEqual(expect.arrayContaining(['dealname', 'dealstage', 'pipeline', 'amount', 'closedate']));
  });

  it('refuses to page past 10 000 results with a 400 VALIDATION_ERROR, so the caller must re-anchor', async () => {
    const client = sdkFor(emulator.url);
    const base = { filterGroups: [], sorts: ['hs_lastmodifieddate'], properties: ['dealname'], limit: 200 };
    const last = await client.crm.deals.searchApi.doSearch({ ...base, after: String(SEARCH_RESULT_CEILING - 200) });
    expect(last.total).toBe(SEARCH_RESULT_CEILING + 50);
    expect(last.paging?.next?.after).toBe(String(SEARCH_RESULT_CEILING));

    const failure = await sdkFailure(client.crm.deals.searchApi.doSearch({ ...base, after: last.paging!.next!.after }));
    expect(failure.code).toBe(400);
    expect(failure.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', correlationId: expect.any(String), message: expect.any(String) });

    // Re-anchoring on the last timestamp seen reaches the rest.
    const lastSeen = last.results.at(-1)!.properties.hs_lastmodifieddate!;
    const rest = await client.crm.deals.searchApi.doSearch({
      ...base,
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: FilterOperatorEnum.Gt, value: String(Date.parse(lastSeen)) }] }],
    });
    expect(rest.total).toBe(50);
  });

  it('answers 400 for a limit above 200, an unknown operator and an unknown object type', async () => {
    const client = sdkFor(emulator.url);
    expect((await sdkFailure(client.crm.deals.searchApi.doSearch({ limit: 201 }))).code).toBe(400);
    const badOperator = await sdkFailure(
      client.crm.deals.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'amount', operator: 'ABOUT' as FilterOperatorEnum, value: '1' }] }] }),
    );
    expect(badOperator.body).toMatchObject({ category: 'VALIDATION_ERROR' });
    expect((await sdkFailure(client.crm.objects.searchApi.doSearch('widgets', {}))).code).toBe(400);
  });

  it('searches contacts by email case-insensitively with the default limit of 10', async () => {
    const small = new HubSpotEmulatorStore({ now: () => T0 });
    small.seedDemo();
    const local = await startHubSpotEmulator({ store: small });
    try {
      const client = sdkFor(local.url);
      const found = await client.crm.contacts.searchApi.doSearch({
        filterGroups: [{ filters: [{ propertyName: 'email', operator: FilterOperatorEnum.Eq, value: 'Nancy.Davolio@northwind.example' }] }],
        properties: ['email'],
      });
      expect(found.results.map((r) => r.properties.email)).toEqual(['nancy.davolio@northwind.example']);
      expect(Object.keys(found.results[0]!.properties).sort()).toEqual(['createdate', 'email', 'hs_object_id', 'lastmodifieddate']);
      const all = await client.crm.contacts.searchApi.doSearch({});
      expect([all.total, all.results.length]).toEqual([7, 7]);
    } finally {
      await local.close();
    }
  });
});
