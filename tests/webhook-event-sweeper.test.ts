/**
 * A stored delivery whose job never got queued is not lost: the scheduler tick's sweeper queues
 * it once it is a little old, once; a delivery whose job failed for good is left alone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createTestApp, hubspotConnectionId, HUBSPOT_TEST_BASE, type TestApp } from './support/create-test-app.js';
import { recordWebhookDelivery } from '../webhooks/record-webhook-delivery.js';
import { PENDING_EVENT_GRACE_MS, queuePendingWebhookEvents } from '../src/sync/queue-pending-webhook-events.js';
import { createJobHandlers, createWorkerHooks } from '../src/jobs/create-job-handlers.js';
import { pipelinesResponse } from '../connectors/hubspot/testing/hubspot-payloads.js';
import { sqlAll, sqlGet } from './support/sql.js';

describe('pending webhook events sweeper', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    app = await createTestApp();
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });

  const store = async (eventId: string, receivedAt: number) =>
    recordWebhookDelivery(app.store, {
      provider: 'hubspot',
      connectionId: await hubspotConnectionId(app),
      headers: {},
      body: Buffer.from('[]'),
      remoteIp: null,
      receivedAt,
      status: 'accepted',
      reason: null,
      events: [{ eventId, objectType: 'contacts', externalId: '600', occurredAt: receivedAt, action: 'changed', accountId: null, raw: {} }],
    });
  const queuedJobs = () => sqlAll<{ name: string; payload: string; status: string }>(app, `SELECT name, payload, status FROM jobs WHERE name = 'webhook.process'`);

  it('queues a delivery still pending after the grace period, once, and not a fresh one', async () => {
    const now = Date.now();
    const old = await store('1', now - PENDING_EVENT_GRACE_MS - 1000);
    await store('2', now);
    expect(await queuePendingWebhookEvents(app, now)).toBe(1);
    expect(await queuePendingWebhookEvents(app, now)).toBe(0);
    expect((await queuedJobs()).map((job) => JSON.parse(job.payload) as unknown)).toEqual([{ deliveryId: old.deliveryId, connectionId: await hubspotConnectionId(app) }]);
  });

  it('leaves alone the events of a delivery whose job failed for good, keeping why', async () => {
    const scope = nock(HUBSPOT_TEST_BASE).persist();
    scope.get('/crm/v3/pipelines/deals').reply(200, pipelinesResponse());
    scope.post('/crm/v3/objects/contacts/batch/read').query(true).reply(401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION', correlationId: 'x' });
    const { deliveryId } = await store('3', Date.now() - PENDING_EVENT_GRACE_MS - 1000);
    await app.jobs.startWorker(createJobHandlers(app), createWorkerHooks(app));
    expect(await queuePendingWebhookEvents(app)).toBe(1);
    await app.jobs.drain(20_000);
    const event = (await sqlGet<{ status: string; error: string }>(app, `SELECT status, error FROM webhook_events WHERE delivery_id = ?`, deliveryId))!;
    expect(event.status).toBe('failed');
    expect(event.error).toMatch(/Authentication credentials not found/);
    expect(await queuePendingWebhookEvents(app)).toBe(0);
  });
});
