import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { createTestApp, HUBSPOT_TEST_SECRET, type TestApp } from '../tests/support/create-test-app.js';
import { createHttpApp } from '../src/http/create-http-app.js';
import { signHubSpotV3 } from '../connectors/hubspot/testing/sign-hubspot-v3.js';

const PORTAL_ID = 12345678;

/**
 * Issue 15, "Bad input and failure": a webhook is acknowledged only once it is in the database, and
 * the acknowledgement never sleeps on the database: while another process (a worker) holds SQLite's
 * write lock, the answer waits for it in timers, the hub keeps answering, and a store that cannot
 * take the delivery answers 500 (the provider delivers again), never 200.
 */
describe('webhook acknowledgement after the delivery is stored', () => {
  let app: TestApp;
  let server: Server;
  let url: string;
  let worker: Database.Database;

  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    app = await createTestApp();
    server = await new Promise<Server>((resolve) => {
      const listening = createHttpApp(app).listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Another process on the same data directory (a `clienthub worker`).
    worker = new Database(app.config.databaseFile);
  });
  afterEach(async () => {
    if (worker.inTransaction) worker.exec('ROLLBACK');
    worker.close();
    await new Promise((resolve) => server.close(resolve));
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });

  function post(eventId: number) {
    const body = JSON.stringify([{ eventId, subscriptionId: 1, portalId: PORTAL_ID, appId: 2, occurredAt: Date.now(), subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: 600, changeSource: 'CRM_UI', propertyName: 'email', propertyValue: 'a@b.example' }]);
    const timestamp = Date.now();
    const signature = signHubSpotV3(HUBSPOT_TEST_SECRET, 'POST', 'http://hub.test/webhooks/hubspot', body, timestamp);
    return fetch(`${url}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(timestamp) },
      body,
    });
  }
  const storedEvents = () => (app.db.prepare(`SELECT event_id FROM webhook_events ORDER BY id`).all() as { event_id: string }[]).map((r) => r.event_id);

  it('answers only once the delivery is stored, while the process goes on answering others', async () => {
    worker.exec('BEGIN IMMEDIATE');
    let answered = false;
    const delivery = post(1).then((response) => {
      answered = true;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    // The process is not asleep in the database call: it answers meanwhile.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(answered).toBe(false);
    worker.exec('COMMIT');
    const response = await delivery;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, duplicates: 0 });
    expect(storedEvents()).toEqual(['1']);
  });

  it('answers 503 with Retry-After (deliver again later), never 200, when the delivery cannot be stored', async () => {
    worker.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    const response = await post(2);
    // The database busy past the bound is "unavailable for a moment", not a bug: 503, try again.
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(await response.json()).toEqual({ error: 'unavailable for a moment; deliver again later' });
    // It waited for the lock (10 s, as SQLite's busy timeout would) before giving up.
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
    worker.exec('ROLLBACK');
    expect(storedEvents()).toEqual([]);
    // The provider's redelivery is stored and acknowledged.
    const again = await post(2);
    expect(again.status).toBe(200);
    expect(storedEvents()).toEqual(['2']);
  }, 30_000);
});
