import type { AppContext } from '../app/app-context.js';
import type { PulledRecord, WebhookEvent } from '../connector-kit/connector.js';
import { fetchAndApply } from './fetch-and-apply.js';
import { listPendingDeliveryEvents } from '../store/webhooks/list-pending-delivery-events.js';
import { updateWebhookEventsProcessed } from '../store/webhooks/update-webhook-events-processed.js';

/**
 * Applies the pending events of one delivery: changed records are fetched (events are thin),
 * deletions become tombstones dated when they happened (so an older deletion cannot erase a
 * newer version). Events stay pending until applied, so a failed job retries them. No store
 * transaction is held around fetchAndApply (it calls the provider): each group's events are marked
 * processed after it has applied them.
 */
export async function processWebhookDelivery(app: AppContext, deliveryId: number): Promise<void> {
  const events = await listPendingDeliveryEvents(app.store.db, deliveryId);
  const groups = new Map<string, { connectionId: number; objectType: string; changed: Set<string>; deleted: Map<string, number | null>; eventIds: number[] }>();
  for (const event of events) {
    const key = `${event.connectionId}\u0000${event.objectType}`;
    let group = groups.get(key);
    if (!group) {
      group = { connectionId: event.connectionId, objectType: event.objectType, changed: new Set(), deleted: new Map(), eventIds: [] };
      groups.set(key, group);
    }
    const parsed = JSON.parse(event.payload) as WebhookEvent;
    if (parsed.action === 'deleted') {
      group.deleted.set(event.externalId, Math.max(event.occurredAt ?? 0, group.deleted.get(event.externalId) ?? 0) || null);
    } else group.changed.add(event.externalId);
    group.eventIds.push(event.id);
  }
  for (const group of groups.values()) {
    // A record deleted in this batch is not fetched: it would only come back missing.
    const changed = [...group.changed].filter((id) => !group.deleted.has(id));
    const tombstones: PulledRecord[] = [...group.deleted].map(([id, at]) => ({
      objectType: group.objectType,
      externalId: id,
      updatedAt: at,
      deleted: true,
      raw: { tombstone: true, id },
    }));
    await fetchAndApply(app, group.connectionId, group.objectType, changed, tombstones);
    await updateWebhookEventsProcessed(app.store.db, group.eventIds, Date.now());
  }
}
