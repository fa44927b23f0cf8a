/** HubSpot quotes (issue 17): synced through the real SDK from the emulator, shown on Approvals to their own client only. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import { createPortalRouter } from '../create-portal-router.js';
import { createTestApp, hubspotConnectionId, type TestApp } from '../../tests/support/create-test-app.js';
import { serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { seedPortalUser, signedInClient } from '../../tests/support/seed-portal-records.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { HubSpotEmulatorStore, type CrmRecord } from '../../connectors/hubspot/emulator/emulator-store.js';
import { runPull } from '../../src/sync/run-pull.js';
import { loadWaitingOnYou } from './load-waiting-on-you.js';
import { safeQuoteLink } from './load-quotes.js';
import { quoteMapping } from '../../mappings/hubspot/quote.js';
import { resolveLinks } from '../../src/identity/resolve-links.js';
import { sqlGet, sqlRun } from '../../tests/support/sql.js';
import { seedDemoClientCompanies } from '../testing/seed-demo-client-companies.js';

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

describe('HubSpot quotes on the Approvals page', () => {
  let emulator: HubSpotEmulator;
  let store: HubSpotEmulatorStore;
  let app: TestApp;
  let served: ServedHttp;
  let clientId: number;
  let otherClientId: number;
  let memberId: number;
  let otherMemberId: number;
  let connectionId: number;
  let quotes: Record<'open' | 'draft' | 'pending' | 'rejected' | 'expired' | 'other', CrmRecord>;

  beforeEach(async () => {
    store = new HubSpotEmulatorStore();
    const seed = store.seedDemo();
    const [northwindDeal, acmeDeal] = [seed.dealIds[0]!, seed.dealIds[1]!];
    const quote = (title: string, status: string, expiresInDays: number, dealId: string, more: Record<string, string> = {}) =>
      store.createQuote({ hs_title: title, hs_status: status, hs_quote_amount: '12500.50', hs_currency: 'EUR', hs_expiration_date: day(expiresInDays), hs_esign_enabled: 'true', hs_sign_status: 'ESIGN_PENDING', ...more }, { dealIds: [dealId] });
    quotes = {
      open: quote('Website rebuild — phase 2', 'APPROVAL_NOT_NEEDED', 10, northwindDeal),
      draft: quote('Draft quote still being written', 'DRAFT', 20, northwindDeal),
      pending: quote('Quote waiting for our manager', 'PENDING_APPROVAL', 20, northwindDeal),
      rejected: quote('Quote our manager refused', 'REJECTED', 20, northwindDeal),
      expired: quote('Last year’s retainer', 'APPROVED', -3, northwindDeal),
      other: quote('Acme robotics arm quote', 'APPROVAL_NOT_NEEDED', 10, acmeDeal),
    };
    emulator = await startHubSpotEmulator({ store });
    app = await createTestApp({ HUBSPOT_BASE_URL: emulator.url });
    connectionId = await hubspotConnectionId(app);
    // The companies are the clients' (provisioning's job elsewhere); deals and quotes follow by association.
    ({ clientId, otherClientId } = await seedDemoClientCompanies(app, connectionId, seed.companyIds));
    memberId = (await seedPortalUser(app, clientId, { email: 'nancy.davolio@northwind.example', name: 'Nancy Davolio', role: 'member' })).userId;
    otherMemberId = (await seedPortalUser(app, otherClientId, { email: 'marvin@acme.example', name: 'Marvin', role: 'member' })).userId;
    await runPull(app, connectionId, 'deals', 'backfill');
    await runPull(app, connectionId, 'quotes', 'backfill');
    const http = express();
    http.use(createPortalRouter(app));
    served = await serveHttp(http);
  });

  afterEach(async () => {
    await served.close();
    await app.dispose();
    await emulator.close();
  });

  const as = (userId: number) => signedInClient(app, served.baseUrl, userId, Date.now());
  const quoteRow = async (quote: CrmRecord) => {
    const row = (await sqlGet<{ id: number; client_id: number | null; data: string }>(app, `SELECT id, client_id, data FROM records WHERE kind = 'quote' AND external_id = ?`, quote.id))!;
    return { id: row.id, client_id: row.client_id, status: (JSON.parse(row.data) as { status: string }).status };
  };

  it('syncs every quote through the SDK, linked to the client through its deal', async () => {
    expect(await quoteRow(quotes.open)).toMatchObject({ client_id: clientId, status: 'APPROVAL_NOT_NEEDED' });
    expect(await quoteRow(quotes.draft)).toMatchObject({ client_id: clientId, status: 'DRAFT' });
    expect(await quoteRow(quotes.other)).toMatchObject({ client_id: otherClientId });
    // Through the CRM search API and the v4 association batch read, as the SDK calls them.
    expect(emulator.requests.some((r) => r.method === 'POST' && r.path === '/crm/v3/objects/quotes/search')).toBe(true);
    expect(emulator.requests.some((r) => r.method === 'POST' && r.path === '/crm/v4/associations/quotes/deals/batch/read')).toBe(true);
  });

  it('shows only published quotes of the client, with amount, expiry and a Review and sign link to HubSpot’s own page', async () => {
    const page = (await (await as(memberId)).client.get('/approvals')).text;
    expect(page).toContain('Website rebuild — phase 2');
    expect(page).toContain('expires in 10 days');
    expect(page).toMatch(/12,500\.50/);
    const link = quotes.open.properties.hs_quote_link!;
    expect(link.startsWith(`${emulator.url}/q/`)).toBe(true);
    expect(page).toContain(`href="${link}" target="_blank" rel="noopener noreferrer">Review and sign`);
    // Drafts, quotes waiting for or refused by the business's own approver: never shown.
    for (const hidden of ['Draft quote still being written', 'Quote waiting for our manager', 'Quote our manager refused']) expect(page).not.toContain(hidden);
    // The expired one is listed as expired, without a link to sign it.
    const expired = page.slice(page.indexOf(`id="quote-${(await quoteRow(quotes.expired)).id}"`));
    expect(expired.slice(0, expired.indexOf('</section>'))).toMatch(/Expired[\s\S]*expired <time/);
    expect(page).not.toContain(`/q/${quotes.expired.properties.hs_public_url_key}`);
    // Another client's quote is never on this client's page, and theirs shows only their own.
    expect(page).not.toContain('Acme robotics arm quote');
    const theirs = (await (await as(otherMemberId)).client.get('/approvals')).text;
    expect(theirs).toContain('Acme robotics arm quote');
    expect(theirs).not.toContain('Website rebuild — phase 2');

    // The link opens HubSpot's hosted page (public, no token); a draft has none.
    const hosted = await fetch(link);
    expect(hosted.status).toBe(200);
    expect(await hosted.text()).toContain('Website rebuild — phase 2');
    expect((await fetch(`${emulator.url}/q/${quotes.draft.properties.hs_public_url_key}`)).status).toBe(404);
  });

  it('lists the open quote in Waiting on you, and follows HubSpot’s status after a re-sync', async () => {
    const waiting = async () => (await loadWaitingOnYou(app.store.db, clientId, Date.now())).filter((item) => item.kind === 'quote');
    expect(await waiting()).toEqual([{ kind: 'quote', name: 'Website rebuild — phase 2', href: `/approvals#quote-${(await quoteRow(quotes.open)).id}`, dueDate: day(10), overdue: false }]);
    expect((await loadWaitingOnYou(app.store.db, otherClientId, Date.now())).map((item) => item.name)).toEqual(['Acme robotics arm quote']);

    // The buyer signs on HubSpot's page; a draft gets published. The next incremental sync brings both.
    store.update('quotes', quotes.open.id, { hs_sign_status: 'ESIGN_COMPLETED' });
    store.update('quotes', quotes.draft.id, { hs_status: 'APPROVAL_NOT_NEEDED' });
    await runPull(app, connectionId, 'quotes', 'incremental');
    expect((await waiting()).map((item) => item.name)).toEqual(['Draft quote still being written']);
    const page = (await (await as(memberId)).client.get('/approvals')).text;
    const signed = page.slice(page.indexOf(`id="quote-${(await quoteRow(quotes.open)).id}"`));
    expect(signed.slice(0, signed.indexOf('</section>'))).toMatch(/Signed[\s\S]*View quote/);
    expect(page).toContain('Draft quote still being written');
  });

  it('shows open quotes on the dashboard’s Waiting on you, and not to a role that may not view approvals', async () => {
    const dashboard = (await (await as(memberId)).client.get(`/clients/${clientId}`)).text;
    expect(dashboard).toContain(`<span class="badge badge-open">Quote</span> <a href="/approvals#quote-${(await quoteRow(quotes.open)).id}">Website rebuild — phase 2</a>, expires`);
    expect(dashboard).not.toContain('Last year’s retainer');
    const billingId = (await seedPortalUser(app, clientId, { email: 'andrew.fuller@northwind.example', name: 'Andrew Fuller', role: 'billing' })).userId;
    const billing = (await as(billingId)).client;
    const refused = await billing.get('/approvals');
    expect(refused.status).toBe(404);
    expect(refused.text).not.toContain('Website rebuild — phase 2');
    expect((await billing.get(`/clients/${clientId}`)).text).not.toContain('Website rebuild — phase 2');
  });

  it('moves a deal’s quotes with the deal when the deal changes client (a sync batch of the deal alone)', async () => {
    const deal = (await sqlGet<{ id: number; data: string }>(app, `SELECT id, data FROM records WHERE kind = 'deal' AND client_id = ? ORDER BY id LIMIT 1`, clientId))!;
    const acmeCompany = (await sqlGet<{ external_id: string }>(app, `SELECT external_id FROM records WHERE kind = 'company' AND client_id = ?`, otherClientId))!;
    // The deal is now Acme's in the CRM (as its next sync would write it).
    await sqlRun(app, `UPDATE records SET data = ? WHERE id = ?`, JSON.stringify({ ...(JSON.parse(deal.data) as object), companyExternalIds: [acmeCompany.external_id] }), deal.id);
    await app.store.transaction((tx) => resolveLinks(tx, app.workspaceId, app.config.identity, [deal.id]));
    expect((await quoteRow(quotes.open)).client_id).toBe(otherClientId);
    expect((await loadWaitingOnYou(app.store.db, clientId, Date.now())).filter((item) => item.kind === 'quote')).toEqual([]);
  });

  it('offers only https links, or http on the HubSpot origin the workspace configured', async () => {
    // The mapping (HubSpot's own rule) keeps https, and plain http only on HUBSPOT_BASE_URL's origin.
    const map = (link: string) => quoteMapping.map({ id: '9', properties: { hs_quote_link: link } }, { metadata: { get: () => undefined, set: () => undefined }, config: app.config }).link;
    expect(map('https://quotes.example/q/abc')).toBe('https://quotes.example/q/abc');
    expect(map('http://evil.example/q/abc')).toBeNull();
    expect(map(`${emulator.url}/q/abc`)).toBe(`${emulator.url}/q/abc`);
    expect(map('javascript:alert(1)')).toBeNull();
    // The portal renders nothing but http(s) whatever a record holds.
    expect(safeQuoteLink('https://quotes.example/q/abc')).toBe('https://quotes.example/q/abc');
    expect(safeQuoteLink('javascript:alert(1)')).toBeNull();
  });
});
