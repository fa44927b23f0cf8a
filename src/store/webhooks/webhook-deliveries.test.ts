import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import type { Store } from '../store.js';
import type { WebhookEvent } from '../../connector-kit/connector.js';
import type { AppContext } from '../../app/app-context.js';
import { insertWebhookDelivery, type NewWebhookDelivery } from './insert-webhook-delivery.js';
import { insertWebhookEvent } from './insert-webhook-event.js';
import { findPendingEventDelivery } from './find-pending-event-delivery.js';
import { updateDeliveryDuplicateCount } from './update-delivery-duplicate-count.js';
import { listPendingDeliveryEvents } from './list-pending-delivery-events.js';
import { updateWebhookEventsProcessed } from './update-webhook-events-processed.js';
import { updateDeliveryEventsFailed } from './update-delivery-events-failed.js';
import { listDeliveriesWithPendingEvents } from './list-deliveries-with-pending-events.js';
import { listPrunableWebhookDeliveries } from './list-prunable-webhook-deliveries.js';
import { deleteWebhookDeliveries } from './delete-webhook-deliveries.js';
import { recordWebhookDelivery, REJECTED_BODY_PREFIX_BYTES } from '../../../webhooks/record-webhook-delivery.js';
import { pruneWebhookDeliveries } from '../../../webhooks/prune-webhook-deliveries.js';

const DAY = 86_400_000;

async function seedConnections(store: Store): Promise<[number, number]> {
  const ws = await store.db.insertInto('workspaces').values({ slug: 'w', name: 'W', created_at: 1 }).returning('id').executeTakeFirstOrThrow();
  const add = async (label: string) =>
    (
      await store.db
        .insertInto('connections')
        .values({ workspace_id: ws.id, provider: 'hubspot', label, auth_type: 'token', created_at: 1, updated_at: 1 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  return [await add('one'), await add('two')];
}

const delivery = (connectionId: number | null, receivedAt: number, extra: Partial<NewWebhookDelivery> = {}): NewWebhookDelivery => ({
  provider: 'hubspot',
  connectionId,
  receivedAt,
  status: 'accepted',
  reason: null,
  headers: '{}',
  body: '[]',
  bodyBytes: 2,
  bodySha256: 'x',
  eventCount: 0,
  remoteIp: '127.0.0.1',
  ...extra,
});

const event = (eventId: string, externalId = `r-${eventId}`, action: WebhookEvent['action'] = 'changed'): WebhookEvent => ({
  eventId,
  objectType: 'contacts',
  externalId,
  action,
  occurredAt: 5,
  accountId: null,
  raw: { id: eventId },
});

describe.each(STORE_ENGINES)('webhook deliveries and events on %s', (engine) => {
  let t: TestStore;
  let one: number;
  let two: number;
  beforeAll(async () => {
    t = await openTestStore(engine);
    [one, two] = await seedConnections(t.store);
  });
  afterAll(async () => {
    await t?.cleanup();
  });
  beforeEach(async () => {
    await t.store.db.deleteFrom('webhook_events').execute();
    await t.store.db.deleteFrom('webhook_deliveries').execute();
  });
  const statuses = async () =>
    (await t.store.db.selectFrom('webhook_events').select(['event_id', 'status', 'error']).orderBy('event_id').execute()).map((r) => [r.event_id, r.status, r.error]);

  it('stores an event once per connection and event id, and names the delivery of a still-pending first copy', async () => {
    const first = await insertWebhookDelivery(t.store.db, delivery(one, 100));
    const second = await insertWebhookDelivery(t.store.db, delivery(one, 200));
    expect(second).toBeGreaterThan(first);
    const row = (deliveryId: number, connectionId: number, eventId: string) => ({
      connectionId,
      provider: 'hubspot',
      eventId,
      deliveryId,
      objectType: 'contacts',
      externalId: 'c1',
      occurredAt: null,
      payload: '{}',
    });
    expect(await insertWebhookEvent(t.store.db, row(first, one, 'e1'))).toBe(true);
    expect(await insertWebhookEvent(t.store.db, row(second, one, 'e1'))).toBe(false);
    // The same event id at another connection (another account) is another event.
    expect(await insertWebhookEvent(t.store.db, row(second, two, 'e1'))).toBe(true);
    expect(await findPendingEventDelivery(t.store.db, one, 'e1')).toBe(first);
    expect(await findPendingEventDelivery(t.store.db, one, 'nope')).toBeUndefined();
    await updateDeliveryDuplicateCount(t.store.db, second, 1);
    const deliveries = await t.store.db.selectFrom('webhook_deliveries').select(['id', 'duplicate_count']).orderBy('id').execute();
    expect(deliveries).toEqual([
      { id: first, duplicate_count: 0 },
      { id: second, duplicate_count: 1 },
    ]);
    const ids = (await t.store.db.selectFrom('webhook_events').select('id').where('connection_id', '=', one).execute()).map((r) => r.id);
    await updateWebhookEventsProcessed(t.store.db, ids, 300);
    // Applied: no longer pending, so a redelivery of it names no delivery to queue again.
    expect(await findPendingEventDelivery(t.store.db, one, 'e1')).toBeUndefined();
  });

  it('records a delivery with its new events in one transaction: duplicates counted, pending first copies named, the same on both engines', async () => {
    const a = await recordWebhookDelivery(t.store, { provider: 'hubspot', connectionId: one, headers: { 'x-a': '1' }, body: Buffer.from('[1]'), remoteIp: null, receivedAt: 10, status: 'accepted', reason: null, events: [event('1'), event('2')] });
    expect(a).toMatchObject({ newEvents: 2, duplicates: 0, pendingDeliveryIds: [] });
    const b = await recordWebhookDelivery(t.store, { provider: 'hubspot', connectionId: one, headers: {}, body: Buffer.from('[2]'), remoteIp: null, receivedAt: 20, status: 'accepted', reason: null, events: [event('2'), event('3')] });
    expect(b).toMatchObject({ newEvents: 1, duplicates: 1, pendingDeliveryIds: [a.deliveryId] });
    const stored = await t.store.db.selectFrom('webhook_deliveries').select(['id', 'event_count', 'duplicate_count', 'headers', 'body', 'body_bytes']).orderBy('id').execute();
    expect(stored).toEqual([
      { id: a.deliveryId, event_count: 2, duplicate_count: 0, headers: '{"x-a":"1"}', body: '[1]', body_bytes: 3 },
      { id: b.deliveryId, event_count: 2, duplicate_count: 1, headers: '{}', body: '[2]', body_bytes: 3 },
    ]);
    const events = await listPendingDeliveryEvents(t.store.db, a.deliveryId);
    expect(events.map((e) => [e.connectionId, e.objectType, e.externalId, e.occurredAt, (JSON.parse(e.payload) as WebhookEvent).eventId])).toEqual([
      [one, 'contacts', 'r-1', 5, '1'],
      [one, 'contacts', 'r-2', 5, '2'],
    ]);
  });

  it('keeps a rejected body only up to its prefix, and stores bytes PostgreSQL text cannot hold (NUL) on both engines', async () => {
    const body = Buffer.concat([Buffer.from('ab\u0000c'), Buffer.alloc(REJECTED_BODY_PREFIX_BYTES, 0x41)]);
    const { deliveryId } = await recordWebhookDelivery(t.store, {
      provider: 'no\u0000such',
      connectionId: null,
      headers: { 'x-forged': 'a\u0000b' },
      body,
      remoteIp: '10.0.0.1',
      receivedAt: 1,
      status: 'rejected',
      reason: 'unknown provider "no\u0000such"',
      events: [],
    });
    const row = await t.store.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirstOrThrow();
    expect(row.body).toHaveLength(REJECTED_BODY_PREFIX_BYTES);
    expect(row.body.startsWith('ab\uFFFDc')).toBe(true);
    expect(row.body_bytes).toBe(body.length);
    expect(row.provider).toBe('no\uFFFDsuch');
    expect(row.reason).toBe('unknown provider "no\uFFFDsuch"');
    expect(JSON.parse(row.headers)).toEqual({ 'x-forged': 'a\u0000b' });
  });

  it('stores an event once when two nodes record the same redelivery at the same moment', async () => {
    const input = (n: number) => ({ provider: 'hubspot', connectionId: one, headers: {}, body: Buffer.from(`[${n}]`), remoteIp: null, receivedAt: n, status: 'accepted' as const, reason: null, events: [event('same'), event(`own-${n}`)] });
    const results = await Promise.all([1, 2, 3, 4].map((n) => recordWebhookDelivery(t.store, input(n))));
    expect(results.map((r) => r.newEvents).sort()).toEqual([1, 1, 1, 2]);
    expect(await t.store.db.selectFrom('webhook_events').select('id').where('event_id', '=', 'same').execute()).toHaveLength(1);
  });

  it('moves events from pending to processed or failed, never back, and sweeps only old deliveries still pending', async () => {
    const old = await recordWebhookDelivery(t.store, { provider: 'hubspot', connectionId: one, headers: {}, body: Buffer.from('[]'), remoteIp: null, receivedAt: 1_000, status: 'accepted', reason: null, events: [event('a'), event('b')] });
    const other = await recordWebhookDelivery(t.store, { provider: 'hubspot', connectionId: two, headers: {}, body: Buffer.from('[]'), remoteIp: null, receivedAt: 2_000, status: 'accepted', reason: null, events: [event('c')] });
    const fresh = await recordWebhookDelivery(t.store, { provider: 'hubspot', connectionId: one, headers: {}, body: Buffer.from('[]'), remoteIp: null, receivedAt: 9_000, status: 'accepted', reason: null, events: [event('d')] });
    expect(await listDeliveriesWithPendingEvents(t.store.db, 5_000, 500)).toEqual([
      { deliveryId: old.deliveryId, connectionId: one },
      { deliveryId: other.deliveryId, connectionId: two },
    ]);
    expect(await listDeliveriesWithPendingEvents(t.store.db, 5_000, 1)).toEqual([{ deliveryId: old.deliveryId, connectionId: one }]);

    const [a] = await listPendingDeliveryEvents(t.store.db, old.deliveryId);
    expect(await updateWebhookEventsProcessed(t.store.db, [a!.id], 50)).toBe(1);
    // The job failed for good: what is still pending is kept as failed; what it applied stays processed.
    expect(await updateDeliveryEventsFailed(t.store.db, old.deliveryId, 'gave up', 60)).toBe(1);
    expect(await updateWebhookEventsProcessed(t.store.db, [a!.id], 70)).toBe(0);
    expect(await updateDeliveryEventsFailed(t.store.db, old.deliveryId, 'again', 80)).toBe(0);
    expect(await statuses()).toEqual([
      ['a', 'processed', null],
      ['b', 'failed', 'gave up'],
      ['c', 'pending', null],
      ['d', 'pending', null],
    ]);
    expect(await listPendingDeliveryEvents(t.store.db, old.deliveryId)).toEqual([]);
    expect(await listDeliveriesWithPendingEvents(t.store.db, 5_000, 500)).toEqual([{ deliveryId: other.deliveryId, connectionId: two }]);
    expect(fresh.newEvents).toBe(1);
  });

  it('prunes by age in batches, oldest first, never a delivery with a pending event, events with their delivery', async () => {
    const now = 100 * DAY;
    const ids: number[] = [];
    for (const age of [30, 12, 40, 11, 20]) ids.push((await recordWebhookDelivery(t.store, { provider: 'hubspot', connectionId: one, headers: {}, body: Buffer.from('[]'), remoteIp: null, receivedAt: now - age * DAY, status: 'accepted', reason: null, events: [event(`age-${age}`)] })).deliveryId);
    const recent = (await recordWebhookDelivery(t.store, { provider: 'hubspot', connectionId: one, headers: {}, body: Buffer.from('[]'), remoteIp: null, receivedAt: now - 2 * DAY, status: 'rejected', reason: 'bad signature', events: [] })).deliveryId;
    const rejectedOld = (await recordWebhookDelivery(t.store, { provider: 'hubspot', connectionId: null, headers: {}, body: Buffer.from('x'), remoteIp: null, receivedAt: now - 50 * DAY, status: 'rejected', reason: 'bad signature', events: [] })).deliveryId;
    // Every event applied except the 20-day-old delivery's.
    await t.store.db.updateTable('webhook_events').set({ status: 'processed' }).where('event_id', '<>', 'age-20').execute();
    const cutoff = now - 10 * DAY;
    const [age30, age12, age40, age11, age20] = ids as [number, number, number, number, number];
    expect(await listPrunableWebhookDeliveries(t.store.db, cutoff, 3)).toEqual([rejectedOld, age40, age30]);
    expect(await listPrunableWebhookDeliveries(t.store.db, cutoff, 100)).toEqual([rejectedOld, age40, age30, age12, age11]);

    const app = { store: t.store, config: { webhookRetentionDays: 10 } } as AppContext;
    expect(await pruneWebhookDeliveries(app, now, { batchSize: 2, maxBatches: 2 })).toEqual({ deleted: 4, more: true });
    const left = async () => (await t.store.db.selectFrom('webhook_deliveries').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(await left()).toEqual([age11, age20, recent].sort((x, y) => x - y));
    expect(await pruneWebhookDeliveries(app, now, { batchSize: 2, maxBatches: 2 })).toEqual({ deleted: 1, more: false });
    expect(await left()).toEqual([age20, recent].sort((x, y) => x - y));
    expect((await t.store.db.selectFrom('webhook_events').select('event_id').execute()).map((r) => r.event_id)).toEqual(['age-20']);

    // A delivery listed earlier whose event is pending by the time of the delete is kept, with its events.
    await t.store.db.updateTable('webhook_events').set({ status: 'processed' }).execute();
    const listed = await listPrunableWebhookDeliveries(t.store.db, cutoff, 100);
    expect(listed).toEqual([age20]);
    await t.store.db.updateTable('webhook_events').set({ status: 'pending' }).execute();
    expect(await t.store.transaction((tx) => deleteWebhookDeliveries(tx, listed))).toBe(0);
    expect(await left()).toEqual([age20, recent].sort((x, y) => x - y));
  });
});
