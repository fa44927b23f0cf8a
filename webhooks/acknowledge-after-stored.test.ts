import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createTestApp, HUBSPOT_TEST_SECRET, type TestApp } from '../tests/support/create-test-app.js';
import { sqlAll } from '../tests/support/sql.js';
import { createHttpApp } from '../src/http/create-http-app.js';
import { signHubSpotV3 } from '../connectors/hubspot/testing/sign-hubspot-v3.js';

const PORTAL_ID = 12345678;

/** Another process on the same database (a `clienthub worker`) that can hold the lock a delivery's write needs. */
interface OtherWriter {
  hold(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

/** SQLite: a connection of its own on the data directory's file, holding the write lock (BEGIN IMMEDIATE). */
function sqliteWriter(file: string): OtherWriter {
  const worker = new Database(file);
  return {
    hold: async () => void worker.exec('BEGIN IMMEDIATE'),
    commit: async () => void worker.exec('COMMIT'),
    rollback: async () => void worker.exec('ROLLBACK'),
    async close() {
      if (worker.inTransaction) worker.exec('ROLLBACK');
      worker.close();
    },
  };
}

/** PostgreSQL: a session of its own holding a lock on webhook_deliveries that every INSERT there waits for. */
async function postgresWriter(url: string): Promise<OtherWriter> {
  const worker = new pg.Client({ connectionString: url });
  await worker.connect();
  let open = false;
  return {
    async hold() {
      await worker.query('BEGIN');
      await worker.query('LOCK TABLE webhook_deliveries IN EXCLUSIVE MODE');
      open = true;
    },
    async commit() {
      await worker.query('COMMIT');
      open = false;
    },
    async rollback() {
      await worker.query('ROLLBACK');
      open = false;
    },
    async close() {
      if (open) await worker.query('ROLLBACK');
      await worker.end();
    },
  };
}

/**
 * Issue 15, "Bad input and failure": a webhook is acknowledged only once it is in the database, and
 * the acknowledgement never sleeps on the database: while another process (a worker) holds the lock
 * the write needs (SQLite's write lock; on PostgreSQL a lock on the table), the answer waits for it
 * without holding the event loop, the hub keeps answering, and a store that cannot take the
 * delivery within the lock bound answers 503 (the provider delivers again), never 200.
 */
describe('webhook acknowledgement after the delivery is stored', () => {
  let app: TestApp;
  let server: Server;
  let url: string;
  let worker: OtherWriter;

  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    app = await createTestApp();
    server = await new Promise<Server>((resolve) => {
      const listening = createHttpApp(app).listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Another process on the same database (a `clienthub worker`).
    worker = app.config.databaseUrl ? await postgresWriter(app.config.databaseUrl) : sqliteWriter(app.config.databaseFile);
  });
  afterEach(async () => {
    await worker.close();
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
  const storedEvents = async () => (await sqlAll<{ event_id: string }>(app, `SELECT event_id FROM webhook_events ORDER BY id`)).map((r) => r.event_id);

  it('answers only once the delivery is stored, while the process goes on answering others', async () => {
    await worker.hold();
    let answered = false;
    const delivery = post(1).then((response) => {
      answered = true;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    // The process is not asleep in the database call: it answers meanwhile.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(answered).toBe(false);
    await worker.commit();
    const response = await delivery;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, duplicates: 0 });
    expect(await storedEvents()).toEqual(['1']);
  });

  // The lock wait bound: 10 s, SQLite's busy_timeout and the PostgreSQL pool's lock_timeout.
  it('answers 503 with Retry-After (deliver again later), never 200, when the delivery cannot be stored', async () => {
    await worker.hold();
    const started = Date.now();
    const response = await post(2);
    // The database busy past the bound is "unavailable for a moment", not a bug: 503, try again.
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(await response.json()).toEqual({ error: 'unavailable for a moment; deliver again later' });
    // It waited for the lock (10 s) before giving up.
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
    await worker.rollback();
    expect(await storedEvents()).toEqual([]);
    // The provider's redelivery is stored and acknowledged.
    const again = await post(2);
    expect(again.status).toBe(200);
    expect(await storedEvents()).toEqual(['2']);
  }, 30_000);
});
