import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { createTestApp, HUBSPOT_TEST_SECRET, type TestApp } from '../support/create-test-app.js';
import { startServer } from '../../src/server/start-server.js';
import { signHubSpotV3 } from '../../connectors/hubspot/testing/sign-hubspot-v3.js';
import { REJECTED_BODY_PREFIX_BYTES } from '../../webhooks/record-webhook-delivery.js';
import { ATTEMPT_RULES } from '../../src/auth/attempt-limits.js';
import { sqlAll, sqlValue } from '../support/sql.js';

/** The database's size on disk: SQLite's file with everything checkpointed out of the WAL, or PostgreSQL's database. */
async function databaseBytes(app: TestApp): Promise<number> {
  if (app.store.engine === 'postgres') return Number(await sqlValue(app, 'SELECT pg_database_size(current_database()) AS bytes'));
  app.db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(app.config.databaseFile).size;
}

describe('attack: unauthenticated disk filling through /webhooks', () => {
  let app: TestApp;
  let url: string;
  let close: () => Promise<void>;

  beforeEach(async () => {
    app = await createTestApp();
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    url = server.url;
    close = server.close;
  });
  afterEach(async () => {
    await close();
    await app.dispose();
  });

  const forged = (body: Buffer) =>
    fetch(`${url}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': 'Zm9yZ2Vk', 'x-hubspot-request-timestamp': String(Date.now()) },
      body,
    });

  it('30 forged 1.9 MB deliveries store a bounded prefix and a hash, then 429, and grow the database by well under 1 MB', async () => {
    const body = Buffer.alloc(1.9 * 1024 * 1024, 'A');
    const before = await databaseBytes(app);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 30; i++) {
      const res = await forged(body);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.arrayBuffer();
    }
    const growth = (await databaseBytes(app)) - before;
    console.log(`database growth from 30 forged 1.9 MB deliveries: ${growth} bytes`);

    const limit = ATTEMPT_RULES.webhookRejectedIp.limit;
    expect(statuses).toEqual([...Array<number>(limit).fill(401), ...Array<number>(30 - limit).fill(429)]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const rows = await sqlAll(app, `SELECT status, length(body) AS kept, body_bytes AS bytes, body_sha256 AS sha FROM webhook_deliveries`);
    expect(rows).toHaveLength(limit);
    const sha = createHash('sha256').update(body).digest('hex');
    for (const row of rows) expect(row).toEqual({ status: 'rejected', kept: REJECTED_BODY_PREFIX_BYTES, bytes: body.length, sha });
    expect(growth).toBeLessThan(1024 * 1024);
  });

  it('an address locked out for forgeries still gets its correctly signed deliveries through', async () => {
    for (let i = 0; i < ATTEMPT_RULES.webhookRejectedIp.limit + 1; i++) await (await forged(Buffer.from('[]'))).arrayBuffer();
    const body = JSON.stringify([{ eventId: 9, subscriptionType: 'ticket.creation', objectId: 5, portalId: 1, occurredAt: Date.now() }]);
    const timestamp = Date.now();
    const res = await fetch(`${url}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signHubSpotV3(HUBSPOT_TEST_SECRET, 'POST', 'http://hub.test/webhooks/hubspot', body, timestamp), 'x-hubspot-request-timestamp': String(timestamp) },
      body,
    });
    expect(res.status).toBe(200);
    expect(await sqlAll(app, `SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status ORDER BY status`)).toEqual([
      { status: 'accepted', n: 1 },
      { status: 'rejected', n: ATTEMPT_RULES.webhookRejectedIp.limit },
    ]);
  });

  it('a body over the limit is a recorded 413 with a JSON reason, no stack trace and no body stored', async () => {
    const res = await forged(Buffer.alloc(3 * 1024 * 1024, 'B'));
    expect(res.status).toBe(413);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: 'body larger than 2 MB' });
    expect(text).not.toMatch(/node_modules|\/work\/|at [\w.]+ \(/);
    expect(await sqlAll(app, `SELECT status, reason, body, body_bytes AS bytes FROM webhook_deliveries`)).toEqual([{ status: 'rejected', reason: 'body larger than 2 MB', body: '', bytes: 0 }]);
  });
});
