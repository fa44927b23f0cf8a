/**
 * Pipedrive end to end, like HubSpot's and Salesforce's: the demo world backfilled through the SDK
 * from the emulator, a deal marked won in Pipedrive, its webhook v2 delivery (HTTP basic auth)
 * accepted by the hub, the deal fetched by id, and the client provisioned with its people invited.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { sqlAll, sqlGet } from '../../tests/support/sql.js';
import { startServer } from '../../src/server/start-server.js';
import { runPull } from '../../src/sync/run-pull.js';
import { readEml } from '../../src/mail/read-eml.js';
import { PipedriveEmulatorStore } from './emulator/pipedrive-emulator-store.js';
import { startPipedriveEmulator, type PipedriveEmulator } from './emulator/start-pipedrive-emulator.js';
import { deliverPipedriveWebhook } from './emulator/deliver-webhook.js';
import { DEMO_WEBHOOK_PASSWORD, DEMO_WEBHOOK_USER, pipedriveHubEnv } from './emulator/hub-env.js';
import { DEMO_DEAL_TITLE } from './emulator/demo.js';

describe('Pipedrive webhooks → sync → provisioning', () => {
  let emulator: PipedriveEmulator;
  let app: TestApp;
  let url: string;
  let close: () => Promise<void>;

  beforeEach(async () => {
    const store = new PipedriveEmulatorStore({ now: () => Date.now() - 600_000 });
    store.seedDemo();
    emulator = await startPipedriveEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...pipedriveHubEnv(emulator) });
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    url = server.url;
    close = server.close;
  });
  afterEach(async () => {
    await close();
    await app.dispose();
    await emulator.close();
  });

  const connectionId = async () => (await sqlGet(app, `SELECT id FROM connections WHERE provider = 'pipedrive'`) as { id: number }).id;
  const deliveries = async () => await sqlAll(app, 'SELECT status, reason FROM webhook_deliveries ORDER BY id') as { status: string; reason: string | null }[];
  const post = (body: string, authorization?: string) =>
    fetch(`${url}/webhooks/pipedrive`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body });
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const demoDeal = () => [...emulator.store.deals.values()].find((d) => d.title === DEMO_DEAL_TITLE)!;

  it('refuses bad basic auth and malformed bodies, each recorded with its reason, and takes events it does not sync as probes', async () => {
    const event = JSON.stringify(emulator.store.winDeal(demoDeal().id));
    const refused = [
      await post(event),
      await post(event, basic(DEMO_WEBHOOK_USER, 'wrong-password')),
      await post(event, basic('someone-else', DEMO_WEBHOOK_PASSWORD)),
      await post(event, 'Bearer not-basic'),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(await refused[1]!.json()).toEqual({ error: 'HTTP basic auth credentials do not match PIPEDRIVE_WEBHOOK_USER / PIPEDRIVE_WEBHOOK_PASSWORD' });
    const good = basic(DEMO_WEBHOOK_USER, DEMO_WEBHOOK_PASSWORD);
    const malformed = [
      await post('{"meta": {', good),
      await post(JSON.stringify([{ meta: {} }]), good),
      await post(JSON.stringify({ v: 1, current: {}, meta: { v: 1, action: 'updated', object: 'deal', id: 5 } }), good),
      await post(JSON.stringify({ meta: { action: 'change', entity: 'deal', id: 'e1', version: '2.0' } }), good),
    ];
    expect(malformed.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    const activity = await post(JSON.stringify({ meta: { action: 'create', entity: 'activity', entity_id: '9', id: 'e2', version: '2.0', company_id: emulator.store.companyId }, data: {}, previous: null }), good);
    expect(activity.status).toBe(200);
    expect(await activity.json()).toEqual({ received: 0, duplicates: 0 });
    expect(await deliveries()).toEqual([
      { status: 'rejected', reason: 'missing HTTP basic auth (Authorization: Basic …) header' },
      { status: 'rejected', reason: 'HTTP basic auth credentials do not match PIPEDRIVE_WEBHOOK_USER / PIPEDRIVE_WEBHOOK_PASSWORD' },
      { status: 'rejected', reason: 'HTTP basic auth credentials do not match PIPEDRIVE_WEBHOOK_USER / PIPEDRIVE_WEBHOOK_PASSWORD' },
      { status: 'rejected', reason: 'missing HTTP basic auth (Authorization: Basic …) header' },
      { status: 'rejected', reason: 'malformed payload: body is not valid JSON' },
      { status: 'rejected', reason: 'malformed payload: body must be a JSON object with a meta block (webhooks v2)' },
      { status: 'rejected', reason: 'malformed payload: a webhooks v1 delivery: create the webhook with version 2.0' },
      { status: 'rejected', reason: 'malformed payload: meta.entity_id is missing' },
      { status: 'accepted', reason: 'no events for the hub (probe, heartbeat or untracked objects)' },
    ]);
    // The credentials are evidence of nothing once checked: never stored with a delivery.
    const headers = await sqlAll(app, 'SELECT headers FROM webhook_deliveries') as { headers: string }[];
    expect(headers.every((row) => !row.headers.toLowerCase().includes('authorization'))).toBe(true);
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM webhook_events')).toEqual({ n: 0 });
  });

  it('provisions the client of a deal won in Pipedrive exactly once, like a HubSpot closed-won deal', async () => {
    for (const type of ['users', 'organizations', 'persons', 'deals']) await runPull(app, await connectionId(), type, 'backfill');
    expect(await sqlAll(app, `SELECT kind, COUNT(*) AS n FROM records GROUP BY kind ORDER BY kind`)).toEqual([
      { kind: 'company', n: 3 },
      { kind: 'contact', n: 7 },
      { kind: 'deal', n: 3 },
      { kind: 'team_member', n: 1 },
    ]);
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM clients')).toEqual({ n: 0 });

    const event = emulator.store.winDeal(demoDeal().id);
    const delivered = await deliverPipedriveWebhook({ postTo: `${url}/webhooks/pipedrive`, user: DEMO_WEBHOOK_USER, password: DEMO_WEBHOOK_PASSWORD, event });
    expect(delivered.status).toBe(200);
    expect(await delivered.json()).toEqual({ received: 1, duplicates: 0 });
    // Pipedrive retries a delivery it thinks failed: the same event id is dropped.
    const again = await deliverPipedriveWebhook({ postTo: `${url}/webhooks/pipedrive`, user: DEMO_WEBHOOK_USER, password: DEMO_WEBHOOK_PASSWORD, event: { ...event, meta: { ...event.meta, attempt: 2 } } });
    expect(await again.json()).toEqual({ received: 1, duplicates: 1 });
    await app.jobs.drain();

    // Routed by meta.company_id to the connection PIPEDRIVE_COMPANY_ID names.
    expect(await sqlGet(app, 'SELECT connection_id FROM webhook_deliveries WHERE status = ?', 'accepted')).toEqual({ connection_id: await connectionId() });
    const clients = await sqlAll(app, 'SELECT id, name FROM clients') as { id: number; name: string }[];
    expect(clients.map((c) => c.name)).toEqual(['Northwind Traders']);
    expect(await sqlAll(app, 'SELECT email, name, status FROM portal_users WHERE client_id = ? ORDER BY email', clients[0]!.id)).toEqual([
      { email: 'andrew.fuller@northwind.example', name: 'Andrew Fuller', status: 'invited' },
      { email: 'nancy.davolio@northwind.example', name: 'Nancy Davolio', status: 'invited' },
    ]);
    const won = await sqlGet<{ data: string; client_id: number | null }>(app, `SELECT data, client_id FROM records WHERE object_type = 'deals' AND external_id = ?`, String(demoDeal().id));
    expect({ won: (JSON.parse(won!.data) as { isWon: unknown }).isWon, client_id: won!.client_id }).toEqual({ won: true, client_id: clients[0]!.id });
    expect(await sqlAll(app, `SELECT action FROM audit_log WHERE action = 'client.provisioned'`)).toHaveLength(1);
    const outbox = join(app.dataDir, 'outbox');
    const mails = readdirSync(outbox).filter((f) => f.endsWith('.eml')).map((f) => readEml(readFileSync(join(outbox, f), 'utf8')));
    expect(mails.map((m) => m.headers.to).sort()).toEqual(['andrew.fuller@northwind.example', 'nancy.davolio@northwind.example']);

    // Deleted in Pipedrive: the delete event is fetched by id and the deal comes back deleted.
    const deletion = emulator.store.delete('deals', demoDeal().id);
    expect((await deliverPipedriveWebhook({ postTo: `${url}/webhooks/pipedrive`, user: DEMO_WEBHOOK_USER, password: DEMO_WEBHOOK_PASSWORD, event: deletion })).status).toBe(200);
    await app.jobs.drain();
    expect(await sqlGet(app, `SELECT deleted FROM records WHERE object_type = 'deals' AND external_id = ?`, String(demoDeal().id))).toEqual({ deleted: 1 });
  });
});
