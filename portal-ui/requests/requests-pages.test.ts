/** The portal's Requests pages over real HTTP, the real HubSpot connector and its emulator behind the outbox. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import { createPortalRouter } from '../create-portal-router.js';
import { createTestApp, hubspotConnectionId, type TestApp } from '../../tests/support/create-test-app.js';
import { serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { seedPortalUser, seedRecord, signedInClient } from '../../tests/support/seed-portal-records.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { HubSpotEmulatorStore } from '../../connectors/hubspot/emulator/emulator-store.js';
import { createJobHandlers } from '../../src/jobs/create-job-handlers.js';
import { performPortalAction } from '../../src/outbox/perform-portal-action.js';
import { NOT_DELIVERED } from '../views/requests-page.js';
import { sqlAll, sqlValue } from '../../tests/support/sql.js';
import { seedDemoClientCompanies } from '../testing/seed-demo-client-companies.js';

describe('portal Requests', () => {
  let emulator: HubSpotEmulator;
  let store: HubSpotEmulatorStore;
  let app: TestApp;
  let served: ServedHttp;
  let clientId: number;
  let otherClientId: number;
  let memberId: number;
  let billingId: number;
  let connectionId: number;

  beforeEach(async () => {
    store = new HubSpotEmulatorStore();
    const seed = store.seedDemo();
    emulator = await startHubSpotEmulator({ store });
    app = await createTestApp({ HUBSPOT_BASE_URL: emulator.url });
    connectionId = await hubspotConnectionId(app);
    // The companies are the clients' (provisioning's job elsewhere); deals and quotes follow by association.
    ({ clientId, otherClientId } = await seedDemoClientCompanies(app, connectionId, seed.companyIds));
    memberId = (await seedPortalUser(app, clientId, { email: 'nancy.davolio@northwind.example', name: 'Nancy Davolio', role: 'member' })).userId;
    billingId = (await seedPortalUser(app, clientId, { email: 'andrew.fuller@northwind.example', name: 'Andrew Fuller', role: 'billing' })).userId;
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
  const keyOf = (page: string) => /name="key" value="([^"]+)"/.exec(page)![1]!;
  const actions = () => sqlAll<{ id: number; client_id: number; status: string; payload: string }>(app, 'SELECT id, client_id, status, payload FROM portal_actions ORDER BY id');

  it('opens a request with CSRF, shows it at once as sending, then as HubSpot’s own ticket', async () => {
    const { client, csrf } = await as(memberId);
    const list = await client.get('/requests');
    expect(list.status).toBe(200);
    expect(list.text).toContain('href="/requests/new"');
    expect(list.text).toMatch(/<a href="\/requests"[^>]*>Requests<\/a>/);
    const form = await client.get('/requests/new');
    const key = keyOf(form.text);

    const forged = await client.postForm('/requests', { key, subject: 'Help', description: 'Please' });
    expect(forged.status).toBe(403);
    expect(await actions()).toEqual([]);

    const fields = { _csrf: csrf, key, subject: '<script>alert(1)</script> Invoice address', description: 'Please bill\r\nour Seattle office.\u0007', category: 'billing' };
    const sent = await client.postForm('/requests', fields);
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/requests?done=sent');
    // Sent twice (a double click): one request.
    expect((await client.postForm('/requests', fields)).status).toBe(303);
    expect(await actions()).toHaveLength(1);
    expect(JSON.parse((await actions())[0]!.payload)).toMatchObject({ subject: '<script>alert(1)</script> Invoice address', description: 'Please bill\nour Seattle office.', category: 'billing', authorName: 'Nancy Davolio' });

    const pending = (await client.get('/requests?done=sent')).text;
    expect(pending).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Invoice address');
    expect(pending).not.toContain('<script>alert(1)');
    expect(pending).toContain('Sending to your team');

    await app.jobs.startWorker(createJobHandlers(app));
    await app.jobs.drain();
    const tickets = [...store.all('tickets')];
    expect(tickets.map((t) => t.properties.subject)).toEqual(['<script>alert(1)</script> Invoice address']);
    // The created ticket is fetched at once: the row is now HubSpot's own record, with its page.
    const after = (await client.get('/requests')).text;
    const recordId = (await sqlValue<number>(app, `SELECT id FROM records WHERE kind = 'request'`))!;
    expect(after).toContain(`href="/requests/${recordId}"`);
    expect(after).not.toContain('Sending to your team');
  });

  it('refuses bad input with the reasons, keeping what was typed, and stores nothing', async () => {
    const { client, csrf } = await as(memberId);
    const key = keyOf((await client.get('/requests/new')).text);
    const refused = await client.postForm('/requests', { _csrf: csrf, key, subject: '   ', description: 'x'.repeat(5001), category: 'lunch' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Give your request a subject.');
    expect(refused.text).toContain('Keep the description to 5000 characters (it has 5001).');
    expect(refused.text).toContain('Choose one of the categories listed.');
    const badKey = await client.postForm('/requests', { _csrf: csrf, key: 'chosen-by-me', subject: 'Hi', description: 'There' });
    expect(badKey.status).toBe(400);
    expect(badKey.text).toContain('This form has expired');
    expect(await actions()).toEqual([]);
  });

  it('throttles each user to 20 actions an hour', async () => {
    const { client, csrf } = await as(memberId);
    for (let i = 0; i < 20; i++) {
      const key = keyOf((await client.get('/requests/new')).text);
      expect((await client.postForm('/requests', { _csrf: csrf, key, subject: `Request ${i}`, description: 'Text' })).status).toBe(303);
    }
    const key = keyOf((await client.get('/requests/new')).text);
    const throttled = await client.postForm('/requests', { _csrf: csrf, key, subject: 'One more', description: 'Text' });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(throttled.text).toContain('One more');
    expect(await actions()).toHaveLength(20);
  });

  it('tells the client a request that could not be delivered is not delivered yet, not silence', async () => {
    store.ticketPipelines[0]!.stages.splice(0, 1);
    const { client, csrf } = await as(memberId);
    const key = keyOf((await client.get('/requests/new')).text);
    await client.postForm('/requests', { _csrf: csrf, key, subject: 'Broken link', description: 'On the home page' });
    await performPortalAction(app, (await actions())[0]!.id, { attempt: 1, maxAttempts: 5 });
    expect((await actions())[0]!.status).toBe('failed');
    const page = (await client.get('/requests')).text;
    expect(page).toContain(NOT_DELIVERED);
    expect(page).not.toMatch(/HubSpot|400|valid stage/);
  });

  it('shows the billing role no requests, and no client another client’s request', async () => {
    const billing = (await as(billingId)).client;
    expect((await billing.get('/requests')).status).toBe(404);
    expect((await billing.get('/requests/new')).status).toBe(404);
    const theirs = await seedRecord(app, {
      connectionId, provider: 'hubspot', kind: 'request', clientId: otherClientId,
      data: { subject: 'Acme secret', description: null, statusLabel: 'New', isClosed: false, pipeline: '0', number: '77', openedAt: null, updatedAt: null, companyExternalIds: [], contactExternalIds: [], actionKey: null },
    });
    const member = (await as(memberId)).client;
    expect((await member.get(`/requests/${theirs.recordId}`)).status).toBe(404);
    expect((await member.get('/requests')).text).not.toContain('Acme secret');
  });
});
