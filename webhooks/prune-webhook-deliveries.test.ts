import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, hubspotConnectionId, type TestApp } from '../tests/support/create-test-app.js';
import { recordWebhookDelivery } from './record-webhook-delivery.js';
import { pruneWebhookDeliveries } from './prune-webhook-deliveries.js';
import { runSchedulerTick } from '../src/sync/run-scheduler-tick.js';
import { createJobHandlers } from '../src/jobs/create-job-handlers.js';
import { sqlAll, sqlGet, sqlRun } from '../tests/support/sql.js';

const DAY = 86_400_000;
// The job handler prunes against the clock, so the ages are relative to now.
const NOW = Date.now();

describe('webhook delivery retention', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp({ CLIENTHUB_WEBHOOK_RETENTION_DAYS: '10' });
  });
  afterEach(() => app.dispose());

  async function deliver(ageDays: number, status: 'accepted' | 'rejected', events: { id: string; pending?: boolean }[] = []) {
    const connectionId = await hubspotConnectionId(app);
    const { deliveryId } = await recordWebhookDelivery(app.store, {
      provider: 'hubspot',
      connectionId,
      headers: {},
      body: Buffer.from(`[${ageDays}]`),
      remoteIp: '127.0.0.1',
      receivedAt: NOW - ageDays * DAY,
      status,
      reason: status === 'rejected' ? 'bad signature' : null,
      events: events.map((e) => ({ eventId: e.id, objectType: 'deals', externalId: e.id, action: 'changed' as const, occurredAt: null, accountId: null, raw: {} })),
    });
    for (const e of events) if (!e.pending) await sqlRun(app, `UPDATE webhook_events SET status = 'processed' WHERE event_id = ?`, e.id);
    return deliveryId;
  }
  const remaining = async () => (await sqlAll<{ id: number }>(app, 'SELECT id FROM webhook_deliveries ORDER BY id')).map((r) => r.id);

  it('prunes accepted and rejected deliveries past the retention with their events, keeping recent ones and any with a pending event', async () => {
    const oldAccepted = await deliver(11, 'accepted', [{ id: 'e1' }]);
    const oldRejected = await deliver(40, 'rejected');
    const oldPending = await deliver(30, 'accepted', [{ id: 'e2', pending: true }, { id: 'e3' }]);
    const recent = await deliver(9, 'accepted', [{ id: 'e4' }]);
    expect([oldAccepted, oldRejected]).toHaveLength(2);

    // The scheduler queues the prune job only when there is something to prune.
    await runSchedulerTick(app, NOW);
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM jobs WHERE name = 'webhooks.prune' AND status = 'queued'`)).toEqual({ n: 1 });
    await createJobHandlers(app)['webhooks.prune']({}, { id: '1', name: 'webhooks.prune', attempt: 1, maxAttempts: 1 });

    expect(await remaining()).toEqual([oldPending, recent]);
    expect((await sqlAll<{ event_id: string }>(app, 'SELECT event_id FROM webhook_events ORDER BY id')).map((r) => r.event_id)).toEqual(['e2', 'e3', 'e4']);
    await sqlRun(app, `DELETE FROM jobs`);
    await runSchedulerTick(app, NOW);
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM jobs WHERE name = 'webhooks.prune'`)).toEqual({ n: 0 });

    // Once its event is applied, the old delivery goes on the next pass.
    await sqlRun(app, `UPDATE webhook_events SET status = 'processed'`);
    expect(await pruneWebhookDeliveries(app, NOW)).toEqual({ deleted: 1, more: false });
    expect(await remaining()).toEqual([recent]);
  });

  it('works in bounded batches and says when more is left for the next run', async () => {
    for (let i = 0; i < 5; i++) await deliver(20 + i, 'rejected');
    expect(await pruneWebhookDeliveries(app, NOW, { batchSize: 2, maxBatches: 2 })).toEqual({ deleted: 4, more: true });
    expect(await remaining()).toHaveLength(1);
    expect(await pruneWebhookDeliveries(app, NOW, { batchSize: 2, maxBatches: 2 })).toEqual({ deleted: 1, more: false });
  });

  it('refuses a retention under one day', async () => {
    await expect(createTestApp({ CLIENTHUB_WEBHOOK_RETENTION_DAYS: '0' })).rejects.toThrow('CLIENTHUB_WEBHOOK_RETENTION_DAYS must be at least 1');
  });
});
