import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, hubspotConnectionId, HUBSPOT_TEST_SECRET, type TestApp } from '../../../tests/support/create-test-app.js';
import { startHubSpotEmulator, type HubSpotEmulator } from './start-hubspot-emulator.js';
import { HubSpotEmulatorStore } from './emulator-store.js';
import { deliverHubSpotWebhook } from './deliver-webhook.js';
import { runPull } from '../../../src/sync/run-pull.js';
import { startServer } from '../../../src/server/start-server.js';
import { hubspotClientFor } from '../create-hubspot-client.js';
import { sqlAll, sqlGet } from '../../../tests/support/sql.js';

describe('HubSpot emulator driven by the real connector and SDK', () => {
  let emulator: HubSpotEmulator;
  let app: TestApp;
  afterEach(async () => {
    await app?.dispose();
    await emulator?.close();
  });

  describe('seeded like the demo', () => {
    beforeEach(async () => {
      const store = new HubSpotEmulatorStore();
      store.seedDemo();
      emulator = await startHubSpotEmulator({ store });
      app = await createTestApp({ HUBSPOT_BASE_URL: emulator.url });
    });

    it('backfills every object type, then provisions a deal moved to closed-won by its signed webhook', async () => {
      const connectionId = await hubspotConnectionId(app);
      for (const type of ['owners', 'companies', 'contacts', 'deals']) await runPull(app, connectionId, type, 'backfill');
      expect(await sqlAll(app, `SELECT kind, COUNT(*) AS n FROM records GROUP BY kind ORDER BY kind`)).toEqual([
        { kind: 'company', n: 3 },
        { kind: 'contact', n: 7 },
        { kind: 'deal', n: 3 },
        { kind: 'team_member', n: 1 },
      ]);
      const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
      try {
        const deal = [...emulator.store.objects.deals.values()].find((d) => d.properties.dealname === 'Website rebuild')!;
        const event = emulator.store.moveDealToStage(deal.id, 'closedwon');
        // HubSpot signs the public URL (PUBLIC_URL=http://hub.test) while the test reaches the socket directly.
        const response = await deliverHubSpotWebhook({ signedUrl: 'http://hub.test/webhooks/hubspot', postTo: `${server.url}/webhooks/hubspot`, clientSecret: HUBSPOT_TEST_SECRET, events: [event] });
        expect(response.status).toBe(200);
        await app.jobs.drain();
      } finally {
        await server.close();
      }
      expect(await sqlAll(app, 'SELECT name FROM clients')).toEqual([{ name: 'Northwind Traders' }]);
      expect(await sqlAll(app, 'SELECT email FROM portal_users ORDER BY email')).toEqual([
        { email: 'andrew.fuller@northwind.example' },
        { email: 'nancy.davolio@northwind.example' },
      ]);
    });

    it('answers like HubSpot for what the connector does not use too: get by id, 404, 401', async () => {
      const client = hubspotClientFor(emulator.url, 'any-token');
      const company = [...emulator.store.objects.companies.values()][0]!;
      const fetched = await client.crm.companies.basicApi.getById(company.id, ['name']);
      expect(fetched.properties.name).toBe('Northwind Traders');
      await expect(client.crm.companies.basicApi.getById('404404')).rejects.toMatchObject({ code: 404 });
      const anonymous = await fetch(`${emulator.url}/crm/v3/owners`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ category: 'INVALID_AUTHENTICATION' });
    });
  });

  it('rate-limits with Retry-After, and a backfill waits it out and still gets everything', async () => {
    const store = new HubSpotEmulatorStore();
    store.generate(450);
    emulator = await startHubSpotEmulator({ store, rateLimit: { limit: 4, windowMs: 1000 } });
    app = await createTestApp({ HUBSPOT_BASE_URL: emulator.url }, { sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
    await runPull(app, await hubspotConnectionId(app), 'deals', 'backfill');
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE kind = 'deal'`)).toEqual({ n: 450 });
  }, 60_000);
});
