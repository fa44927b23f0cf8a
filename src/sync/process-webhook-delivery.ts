import type { AppContext } from '../app/app-context.js';
import type { PulledRecord, WebhookEvent } from '../connector-kit/connector.js';
import { fetchAndApply } from './fetch-and-apply.js';

interface EventRow {
  id: number;
  connection_id: number;
  object_type: string;
  external_id: string;
  occurred_at: number | null;
  payload: string;
}

/**
 * Applies the pending events of one delivery: changed records are fetched (events are thin),
 * deletions become tombstones dated when they happened (so an older deletion cannot erase a
 * newer version). Events stay pending until applied, so a failed job retries them.
 */
export async function processWebhookDelivery(app: AppContext, deliveryId: number): Promise<void> {
  const events = app.db
    .prepare(`SELECT id, connection_id, object_type, external_id, occurred_at, payload FROM webhook_events WHERE delivery_id = ? AND status = 'pending'`)
    .all(deliveryId) as EventRow[];
  const groups = new Map<string, { connectionId: number; objectType: string; changed: Set<string>; deleted: Map<string, number | null>; eventIds: number[] }>();
  for (const event of events) {
    const key = `${event.connection_id}\u0000${event.object_type}`;
    let group = groups.get(key);
    if (!group) {
      group = { connectionId: event.connection_id, objectType: event.object_type, changed: new Set(), deleted: new Map(), eventIds: [] };
      groups.set(key, group);
    }
    const parsed = JSON.parse(event.payload) as WebhookEvent;
    if (parsed.action === 'deleted') {
      group.deleted.set(event.external_id, Math.max(event.occurred_at ?? 0, group.deleted.get(event.external_id) ?? 0) || null);
    } else group.changed.add(event.external_id);
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
    const placeholders = group.eventIds.map(() => '?').join(',');
    app.db
      .prepare(`UPDATE webhook_events SET status = 'processed', processed_at = ? WHERE id IN (${placeholders})`)
      .run(Date.now(), ...group.eventIds);
  }
}
