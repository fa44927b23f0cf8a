import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/quotes/index.js';
import { HubSpotEmulatorStore } from './emulator-store.js';
import { startHubSpotEmulator, type HubSpotEmulator } from './start-hubspot-emulator.js';
import { T0, sdkFor } from './emulator-test-support.js';

describe('HubSpot emulator quotes through the SDK (crm.quotes)', () => {
  let emulator: HubSpotEmulator;
  const store = new HubSpotEmulatorStore({ now: () => T0 });
  let ids: { deal: string; published: string; draft: string };

  beforeAll(async () => {
    const deal = store.createDeal({ dealname: 'Website rebuild' });
    ids = {
      deal: deal.id,
      published: store.createQuote({ hs_title: 'Phase 2', hs_status: 'APPROVAL_NOT_NEEDED', hs_quote_amount: '1200', hs_expiration_date: '2030-01-31' }, { dealIds: [deal.id] }).id,
      draft: store.createQuote({ hs_title: 'Phase 3 (draft)' }, { dealIds: [deal.id] }).id,
    };
    emulator = await startHubSpotEmulator({ store });
  });
  afterAll(() => emulator.close());

  it('searches quotes by status, with the documented properties; only a published quote has a hosted link', async () => {
    const client = sdkFor(emulator.url);
    const found = await client.crm.quotes.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'hs_status', operator: FilterOperatorEnum.Eq, value: 'APPROVAL_NOT_NEEDED' }] }],
      sorts: ['hs_lastmodifieddate'],
      properties: ['hs_title', 'hs_status', 'hs_quote_amount', 'hs_quote_link', 'hs_expiration_date'],
      limit: 10,
    });
    expect(found.results.map((q) => q.id)).toEqual([ids.published]);
    expect(found.results[0]!.properties).toMatchObject({ hs_title: 'Phase 2', hs_quote_amount: '1200', hs_expiration_date: '2030-01-31' });
    expect(found.results[0]!.properties.hs_quote_link).toMatch(new RegExp(`^${emulator.url}/q/`));
    const draft = await client.crm.quotes.basicApi.getById(ids.draft, ['hs_status', 'hs_quote_link'], undefined, ['deals']);
    expect(draft.properties).toMatchObject({ hs_status: 'DRAFT', hs_quote_link: null });
    expect(draft.associations?.deals?.results.map((r) => [r.id, r.type])).toEqual([[ids.deal, 'quote_to_deal']]);
  });

  it('reads quote ↔ deal associations both ways with HubSpot’s type ids', async () => {
    const client = sdkFor(emulator.url);
    const forward = await client.crm.associations.v4.batchApi.getPage('quotes', 'deals', { inputs: [{ id: ids.published }] });
    expect(forward.results[0]!.to.map((t) => [String(t.toObjectId), t.associationTypes.map((a) => a.typeId)])).toEqual([[ids.deal, [64]]]);
    const back = await client.crm.associations.v4.batchApi.getPage('deals', 'quotes', { inputs: [{ id: ids.deal }] });
    expect(back.results[0]!.to.map((t) => String(t.toObjectId)).sort()).toEqual([ids.published, ids.draft].sort());
  });

  it('serves the hosted page of a published quote without a token, and 404 for a draft', async () => {
    const link = store.get('quotes', ids.published)!.properties.hs_quote_link!;
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Phase 2');
    const draftKey = store.get('quotes', ids.draft)!.properties.hs_public_url_key!;
    expect((await fetch(`${emulator.url}/q/${draftKey}`)).status).toBe(404);
  });
});
