/**
 * The hub on PostgreSQL (issue 15): with DATABASE_URL set there is no SQLite file at all — a HubSpot
 * backfill, the won deal's provisioning, the client's portal, a signed webhook and the job queue (the
 * in-process one, jobs in the database) all run against a throw-away database on the real PostgreSQL.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './support/create-test-app.js';
import { createThrowAwayPostgres } from './support/store-engines.js';
import { freePort } from './support/free-port.js';
import { PortalHttpClient } from './support/portal-http-client.js';
import { startServer } from '../src/server/start-server.js';
import { runPull } from '../src/sync/run-pull.js';
import { createJobHandlers, createWorkerHooks } from '../src/jobs/create-job-handlers.js';
import { listConnections } from '../src/store/connections/list-connections.js';
import { mailedLinkTokens } from './support/read-mailed-links.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { signWebhookV3 } from '../connectors/hubspot/emulator/sign-webhook.js';
import { HUBSPOT_TEST_SECRET } from './support/create-test-app.js';

describe('the hub on PostgreSQL (DATABASE_URL)', () => {
  let database: { url: string; drop(): Promise<void> };
  let hubspot: HubSpotEmulator;
  let app: TestApp;
  let base: string;
  let close: () => Promise<void>;
  let connectionId: number;

  beforeAll(async () => {
    database = await createThrowAwayPostgres();
    const store = new HubSpotEmulatorStore();
    store.seedDemo();
    hubspot = await startHubSpotEmulator({ store });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await createTestApp({ HUBSPOT_BASE_URL: hubspot.url, DATABASE_URL: database.url, PUBLIC_URL: base, REDIS_URL: '' });
    ({ close } = await startServer(app, { port, host: '127.0.0.1', scheduler: false }));
    await app.jobs.startWorker(createJobHandlers(app), createWorkerHooks(app));
    connectionId = (await listConnections(app.store.db)).find((c) => c.provider === 'hubspot')!.id;
  }, 60_000);
  afterAll(async () => {
    await close?.();
    await app?.dispose();
    await hubspot?.close();
    await database?.drop();
  });

  const counts = async () =>
    Object.fromEntries(
      (await app.store.db.selectFrom('records').select(['object_type', sql<number>`count(*)`.as('n')]).where('deleted', '=', 0).groupBy('object_type').execute()).map((r) => [r.object_type, Number(r.n)]),
    );

  it('keeps everything in PostgreSQL: no SQLite file, and the SQLite handle refuses any use', async () => {
    expect(app.store.engine).toBe('postgres');
    expect(existsSync(join(app.dataDir, 'clienthub.sqlite'))).toBe(false);
    expect(() => app.db.prepare('SELECT 1')).toThrow(/runs on PostgreSQL \(DATABASE_URL\), but this code used the SQLite handle/);
    expect(app.jobs.kind).toBe('in-process');
  });

  it('backfills HubSpot, provisions the won deal, and serves the client their portal', async () => {
    for (const type of ['owners', 'companies', 'contacts', 'deals']) await runPull(app, connectionId, type, 'backfill');
    await app.jobs.drain();
    expect(await counts()).toMatchObject({
      companies: [...hubspot.store.all('companies')].length,
      contacts: [...hubspot.store.all('contacts')].length,
      deals: [...hubspot.store.all('deals')].length,
    });
    // Acme's deal is won in HubSpot; the next poll sees it and provisions the client, once.
    const deal = [...hubspot.store.all('deals')].find((d) => d.properties.dealname === 'Brand refresh')!;
    hubspot.store.moveDealToStage(deal.id, 'closedwon');
    await runPull(app, connectionId, 'deals', 'incremental');
    await app.jobs.drain();
    const acme = await app.store.db.selectFrom('clients').select(['id', 'name']).where('name', 'like', 'Acme%').execute();
    expect(acme).toHaveLength(1);
    // The invitation mailed to Acme's people, opened: the portal's own sign-in, sessions in PostgreSQL.
    const [token] = mailedLinkTokens([app.dataDir]);
    const client = new PortalHttpClient(base);
    expect((await client.postForm('/auth/link', { token: token! })).status).toBe(303);
    const home = async () => {
      const first = await client.get('/');
      return first.status === 303 && first.location ? client.get(first.location) : first;
    };
    const dashboard = await home();
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('Brand refresh');

    // A signed webhook: the deal renamed in HubSpot reaches the client's dashboard.
    hubspot.store.update('deals', deal.id, { dealname: 'Brand refresh and launch' });
    const body = JSON.stringify([hubspot.store.propertyChangeEvent('deals', deal.id, 'dealname')]);
    const timestamp = Date.now();
    const url = `${base}/webhooks/hubspot`;
    const ack = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signWebhookV3({ clientSecret: HUBSPOT_TEST_SECRET, method: 'POST', uri: url, body, timestamp }), 'x-hubspot-request-timestamp': String(timestamp) },
      body,
    });
    expect(ack.status).toBe(200);
    await app.jobs.drain();
    expect((await home()).text).toContain('Brand refresh and launch');
    // The jobs lived in PostgreSQL too, and none failed.
    const jobs = await app.store.db.selectFrom('jobs').select(['status', sql<number>`count(*)`.as('n')]).groupBy('status').execute();
    expect(jobs.filter((j) => j.status === 'failed')).toEqual([]);
  });
});
