/**
 * The demo's entry point (`connectors/pipedrive/emulator/demo.ts`): the environment it hands the
 * hub is enough to sync and to win the demo deal end to end; and the emulator answers the SDK
 * the way Pipedrive does for what the connector does not use too (get by id, 404, 401).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { v2 } from 'pipedrive';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { sqlAll, sqlGet } from '../../../tests/support/sql.js';
import { startServer } from '../../../src/server/start-server.js';
import { runPull } from '../../../src/sync/run-pull.js';
import type { RunningDemoEmulator } from '../../../src/connector-kit/demo-emulator.js';
import { pipedriveClientFor, PipedriveHttpError } from '../create-pipedrive-client.js';
import { describePipedriveFailure } from '../call-pipedrive.js';
import pipedriveDemo from './demo.js';
import { DEMO_API_TOKEN } from './hub-env.js';

describe('Pipedrive demo emulator', () => {
  let running: RunningDemoEmulator | undefined;
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.dispose();
    await running?.close();
    app = undefined;
    running = undefined;
  });

  it('is a CRM whose environment syncs the demo clients, and whose winDeal provisions Northwind', async () => {
    expect(pipedriveDemo).toMatchObject({ provider: 'pipedrive', role: 'crm' });
    running = await pipedriveDemo.start({ port: 0 });
    expect(running.describe).toBe(`Pipedrive emulator at ${running.url} with 3 organizations, 7 persons, 3 deals`);
    expect(running.oauthEnv).toMatchObject({ PIPEDRIVE_OAUTH_URL: running.url, PIPEDRIVE_CLIENT_ID: expect.any(String) });
    expect(running.oauthEnv.PIPEDRIVE_API_TOKEN).toBeUndefined();
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...running.env });
    const connectionId = (await sqlGet(app, `SELECT id FROM connections WHERE provider = 'pipedrive'`) as { id: number }).id;
    for (const type of ['users', 'organizations', 'persons', 'deals']) await runPull(app, connectionId, type, 'backfill');
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    try {
      const said = await running.winDeal!({ postTo: server.url, publicUrl: 'http://hub.test' });
      expect(said).toBe('Deal "Website rebuild" marked won in Pipedrive; its webhook was answered 200 {"received":1,"duplicates":0}');
      await app.jobs.drain();
    } finally {
      await server.close();
    }
    expect(await sqlAll(app, 'SELECT name FROM clients')).toEqual([{ name: 'Northwind Traders' }]);
  });

  it('starts with the deal already won for the console demo: the first backfill provisions the client', async () => {
    running = await pipedriveDemo.start({ port: 0, dealAlreadyWon: true } as Parameters<typeof pipedriveDemo.start>[0]);
    expect((running as { consoleHint?: string }).consoleHint).toContain('OAuth');
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...running.env });
    const connectionId = (await sqlGet(app, `SELECT id FROM connections WHERE provider = 'pipedrive'`) as { id: number }).id;
    // Provisioning runs as the won deal is stored (the invitations' mail is a job, not needed here).
    for (const type of ['users', 'organizations', 'persons', 'deals']) await runPull(app, connectionId, type, 'backfill');
    expect(await sqlAll(app, 'SELECT name FROM clients')).toEqual([{ name: 'Northwind Traders' }]);
    expect(await sqlAll(app, 'SELECT email FROM portal_users ORDER BY email')).toEqual([{ email: 'andrew.fuller@northwind.example' }, { email: 'nancy.davolio@northwind.example' }]);
  });

  it('answers the SDK like Pipedrive: a deal by id, a 404 and a 401 in its error shape', async () => {
    running = await pipedriveDemo.start({ port: 0 });
    const client = pipedriveClientFor(running.url, DEMO_API_TOKEN, 5_000);
    const deals = await client.deals.getDeals({ limit: 2 });
    expect(deals).toMatchObject({ success: true, data: [expect.objectContaining({ title: 'Website rebuild', status: 'open', currency: 'USD' }), expect.any(Object)], additional_data: { next_cursor: expect.any(String) } });
    const one = await client.deals.getDeal({ id: deals.data![0]!.id! });
    expect(one.data).toMatchObject({ id: deals.data![0]!.id, title: 'Website rebuild' });
    const missing = await client.deals.getDeal({ id: 404404 }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(PipedriveHttpError);
    expect(describePipedriveFailure(missing)).toMatchObject({ status: 404, text: 'Pipedrive 404: deal not found (Please check developers.pipedrive.com for more information about Pipedrive API.)' });
    const anonymous = await new v2.DealsApi(new v2.Configuration({ basePath: `${running.url}/api/v2` })).getDeals().catch((error: unknown) => error);
    expect(anonymous).toMatchObject({ success: false, error: 'unauthorized access' });
  });
});
