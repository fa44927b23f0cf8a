import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, hubspotConnectionId, HUBSPOT_TEST_BASE, HUBSPOT_TEST_SECRET, type TestApp } from './support/create-test-app.js';
import { startServer } from '../src/server/start-server.js';
import { runPull } from '../src/sync/run-pull.js';
import { readEml } from '../src/mail/read-eml.js';
import { signHubSpotV3 } from '../connectors/hubspot/testing/sign-hubspot-v3.js';
import {
  associationsResponse,
  batchReadResponse,
  fakeCompany,
  fakeContact,
  fakeDeal,
  ownersResponse,
  pipelinesResponse,
  searchResponse,
} from '../connectors/hubspot/testing/hubspot-payloads.js';
import { sqlAll, sqlGet, sqlValue } from './support/sql.js';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const PORTAL_ID = 12345678;

function dealEvent(eventId: number, dealId: string, occurredAt: number, propertyValue = 'closedwon') {
  return {
    eventId,
    subscriptionId: 234567,
    portalId: PORTAL_ID,
    appId: 987654,
    occurredAt,
    subscriptionType: 'deal.propertyChange',
    attemptNumber: 0,
    objectId: Number(dealId),
    changeSource: 'CRM_UI',
    propertyName: 'dealstage',
    propertyValue,
  };
}

/** HubSpot answers for a won deal 777 of company 301 with three contacts, one without email. */
function stubWonDealWorld(dealProps: Record<string, string> = { dealstage: 'closedwon' }) {
  const scope = nock(HUBSPOT_TEST_BASE).persist();
  scope.get('/crm/v3/pipelines/deals').reply(200, pipelinesResponse());
  scope.post('/crm/v3/objects/deals/batch/read').query(true).reply(200, batchReadResponse([fakeDeal('777', T0, { dealname: 'Website rebuild', amount: '48000', ...dealProps })]));
  scope.post('/crm/v3/objects/deals/search').reply(200, searchResponse([fakeDeal('777', T0, { dealname: 'Website rebuild', amount: '48000', ...dealProps })], 1));
  scope.post('/crm/v4/associations/deals/companies/batch/read').reply(200, associationsResponse({ '777': ['301'] }));
  scope.post('/crm/v4/associations/deals/contacts/batch/read').reply(200, associationsResponse({ '777': ['401', '402', '403'] }, 3));
  scope.post('/crm/v3/objects/companies/batch/read').query(true).reply(200, batchReadResponse([fakeCompany('301', T0, { name: 'Northwind Traders', domain: 'northwind.example' })]));
  scope.post('/crm/v3/objects/contacts/batch/read').query(true).reply(200, batchReadResponse([
    fakeContact('401', T0, { email: 'Nancy.Davolio@northwind.example', firstname: 'Nancy', lastname: 'Davolio', associatedcompanyid: '301' }),
    fakeContact('402', T0, { email: 'andrew.fuller@northwind.example', firstname: 'Andrew', lastname: 'Fuller', associatedcompanyid: '301' }),
    fakeContact('403', T0, { email: null, firstname: 'Janet', lastname: 'Leverling', associatedcompanyid: '301' }),
  ]));
  scope.get('/crm/v3/owners/910').query(true).reply(200, ownersResponse().results[0]);
  return scope;
}

describe('HubSpot webhooks → sync → provisioning', () => {
  let app: TestApp;
  let url: string;
  let close: () => Promise<void>;

  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    app = await createTestApp({}, process.env.DEBUG_TEST ? { logger: (await import('../src/logging/logger.js')).createLogger('debug') } : {});
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    url = server.url;
    close = server.close;
  });
  afterEach(async () => {
    await close();
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });

  async function post(body: string, options: { timestamp?: number; signature?: string } = {}) {
    const timestamp = options.timestamp ?? Date.now();
    // HubSpot signs the URL it called: the hub's public URL, not the socket address.
    const signature = options.signature ?? signHubSpotV3(HUBSPOT_TEST_SECRET, 'POST', 'http://hub.test/webhooks/hubspot', body, timestamp);
    return fetch(`${url}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(timestamp) },
      body,
    });
  }

  const deliveries = () => sqlAll(app, 'SELECT status, reason, event_count, duplicate_count FROM webhook_deliveries ORDER BY id');

  it('rejects a bad signature, a stale timestamp and a malformed body, each recorded with its reason', async () => {
    const body = JSON.stringify([dealEvent(1, '777', T0)]);
    const forged = await post(body, { signature: signHubSpotV3('not-the-secret', 'POST', 'http://hub.test/webhooks/hubspot', body, Date.now()) });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: 'signature does not match (X-HubSpot-Signature-v3)' });
    const stale = await post(body, { timestamp: Date.now() - 6 * 60_000 });
    expect(stale.status).toBe(401);
    const malformed = await post('{"eventId": 1');
    expect(malformed.status).toBe(400);
    const notArray = await post(JSON.stringify({ eventId: 1 }));
    expect(notArray.status).toBe(400);
    const tampered = await post(body.replace('777', '778'), { signature: signHubSpotV3(HUBSPOT_TEST_SECRET, 'POST', 'http://hub.test/webhooks/hubspot', body, Date.now()) });
    expect(tampered.status).toBe(401);
    const rows = (await deliveries()) as { status: string; reason: string }[];
    expect(rows.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(rows[1]!.reason).toMatch(/^stale timestamp: signed 36\d s ago/);
    expect(rows[2]!.reason).toBe('malformed payload: body is not valid JSON');
    expect(rows[3]!.reason).toBe('malformed payload: body must be a JSON array of events');
    expect(await sqlGet(app, 'SELECT body FROM webhook_deliveries WHERE id = 3')).toEqual({ body: '{"eventId": 1' });
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM webhook_events')).toEqual({ n: 0 });
  });

  it('acknowledges a valid delivery, drops duplicate events by id, and provisions the client exactly once', async () => {
    stubWonDealWorld();
    // Out of order and repeated: HubSpot retries deliveries and batches do not arrive in sequence.
    const later = JSON.stringify([dealEvent(502, '777', T0 + 5000)]);
    const earlier = JSON.stringify([dealEvent(501, '777', T0), dealEvent(502, '777', T0 + 5000)]);
    const started = Date.now();
    const first = await post(later);
    const ackMs = Date.now() - started;
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 1, duplicates: 0 });
    expect(ackMs).toBeLessThan(5000); // HubSpot's own timeout; the real figure is measured in the bench.
    const second = await post(earlier);
    expect(await second.json()).toEqual({ received: 2, duplicates: 1 });
    const third = await post(later);
    expect(await third.json()).toEqual({ received: 1, duplicates: 1 });
    await app.jobs.drain();

    expect(await sqlAll(app, `SELECT status, COUNT(*) AS n FROM webhook_events GROUP BY status`)).toEqual([{ status: 'processed', n: 2 }]);
    const clients = await sqlAll<{ id: number; name: string }>(app, 'SELECT id, name FROM clients');
    expect(clients).toEqual([{ id: clients[0]!.id, name: 'Northwind Traders' }]);
    const users = await sqlAll(app, 'SELECT email, name, status, client_id FROM portal_users ORDER BY email');
    expect(users).toEqual([
      { email: 'andrew.fuller@northwind.example', name: 'Andrew Fuller', status: 'invited', client_id: clients[0]!.id },
      { email: 'nancy.davolio@northwind.example', name: 'Nancy Davolio', status: 'invited', client_id: clients[0]!.id },
    ]);
    // The deal was stored once: later deliveries fetched the same current state and wrote nothing.
    expect(await sqlGet(app, `SELECT version FROM records WHERE object_type = 'deals' AND external_id = '777'`)).toEqual({ version: 1 });
    // Every record of the client is linked to it; the owner (account team) is cached too.
    expect(await sqlAll(app, `SELECT kind, COUNT(*) AS n FROM records WHERE client_id = ? GROUP BY kind ORDER BY kind`, clients[0]!.id)).toEqual([
      { kind: 'company', n: 1 },
      { kind: 'contact', n: 3 },
      { kind: 'deal', n: 1 },
    ]);
    expect(JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE kind = 'team_member'`))!)).toMatchObject({ name: 'Alex Owner' });

    const outbox = join(app.dataDir, 'outbox');
    const files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(2);
    const message = readEml(readFileSync(join(outbox, files.find((f) => f.includes('nancy'))!), 'utf8'));
    expect(message.headers.to).toBe('nancy.davolio@northwind.example');
    expect(message.headers.subject).toBe('Brightside Agency: your client portal for Northwind Traders');
    expect(message.text).toContain('Hello Nancy,');
    expect(message.links).toHaveLength(1);
    expect(message.links[0]).toMatch(/^http:\/\/hub\.test\/auth\/link\/[A-Za-z0-9_-]{43}$/);
    expect(await sqlAll(app, `SELECT action, COUNT(*) AS n FROM audit_log GROUP BY action ORDER BY action`)).toEqual([
      { action: 'client.provisioned', n: 1 },
      { action: 'portal_user.invited', n: 2 },
    ]);
  });

  it('provisions once when duplicate webhooks race a poll of the same won deal', async () => {
    stubWonDealWorld();
    const deliveriesSent = await Promise.all([
      post(JSON.stringify([dealEvent(601, '777', T0)])),
      post(JSON.stringify([dealEvent(602, '777', T0 + 1)])),
      post(JSON.stringify([dealEvent(601, '777', T0)])),
    ]);
    expect(deliveriesSent.map((r) => r.status)).toEqual([200, 200, 200]);
    await Promise.all([app.jobs.drain(), runPull(app, await hubspotConnectionId(app), 'deals', 'incremental'), runPull(app, await hubspotConnectionId(app), 'deals', 'backfill')]);
    await app.jobs.drain();
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM clients')).toEqual({ n: 1 });
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM provisionings')).toEqual({ n: 1 });
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM portal_users')).toEqual({ n: 2 });
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = 'invitation'`)).toEqual({ n: 2 });
  });

  it('does not provision a deal in an open stage, and honours the won stages of a custom pipeline', async () => {
    stubWonDealWorld({ dealstage: '1029384756', pipeline: '7654321' });
    await post(JSON.stringify([dealEvent(701, '777', T0, '1029384756')]));
    await app.jobs.drain();
    const deal = JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE external_id = '777'`))!) as { isWon: unknown; stageLabel: unknown };
    expect({ won: deal.isWon, label: deal.stageLabel }).toEqual({ won: false, label: 'Proposal' });
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM clients')).toEqual({ n: 0 });
    nock.cleanAll();
    stubWonDealWorld({ dealstage: '1029384757', pipeline: '7654321', hs_lastmodifieddate: new Date(T0 + 60_000).toISOString() });
    await post(JSON.stringify([dealEvent(702, '777', T0 + 60_000, '1029384757')]));
    await app.jobs.drain();
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM clients')).toEqual({ n: 1 });
  });
});
