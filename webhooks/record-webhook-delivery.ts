import type { AppContext } from '../src/app/app-context.js';
import type { WebhookEvent } from '../src/connector-kit/connector.js';
import { createHash } from 'node:crypto';
import { writeTransaction } from '../src/db/open-database.js';

/**
 * How much of a rejected delivery's body is kept. Anyone can post to a webhook address, so a
 * rejected body is evidence, not data: its start (to see what it was), its size and its SHA-256
 * (to match it against a provider's delivery log) are enough, and a forger cannot fill the disk.
 */
export const REJECTED_BODY_PREFIX_BYTES = 2048;

export interface DeliveryInput {
  provider: string;
  connectionId: number | null;
  headers: Record<string, string | undefined>;
  /** The raw bytes received; a rejected delivery stores only their first REJECTED_BODY_PREFIX_BYTES. */
  body: Buffer;
  remoteIp: string | null;
  receivedAt: number;
  status: 'accepted' | 'rejected';
  reason: string | null;
  events: WebhookEvent[];
}

/**
 * Stores the delivery and its new events in one transaction; an event id seen before is counted as a duplicate and dropped.
 * A duplicate whose first copy is still pending names that copy's delivery: the provider's redelivery is the cue to queue it again.
 */
export function recordWebhookDelivery(
  app: AppContext,
  input: DeliveryInput,
): { deliveryId: number; newEvents: number; duplicates: number; pendingDeliveryIds: number[] } {
  const kept = input.status === 'rejected' ? input.body.subarray(0, REJECTED_BODY_PREFIX_BYTES) : input.body;
  const sha256 = createHash('sha256').update(input.body).digest('hex');
  return writeTransaction(app.db, () => {
    const delivery = app.db
      .prepare(
        `INSERT INTO webhook_deliveries (provider, connection_id, received_at, status, reason, headers, body, body_bytes, body_sha256, event_count, remote_ip)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(input.provider, input.connectionId, input.receivedAt, input.status, input.reason, JSON.stringify(input.headers), kept.toString('utf8'), input.body.length, sha256, input.events.length, input.remoteIp) as {
      id: number;
    };
    let newEvents = 0;
    const insert = app.db.prepare(
      `INSERT INTO webhook_events (connection_id, provider, event_id, delivery_id, object_type, external_id, occurred_at, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (connection_id, event_id) DO NOTHING`,
    );
    const pendingCopy = app.db.prepare(`SELECT delivery_id AS deliveryId FROM webhook_events WHERE connection_id = ? AND event_id = ? AND status = 'pending'`);
    const pendingDeliveryIds = new Set<number>();
    for (const event of input.events) {
      const added = insert.run(input.connectionId, input.provider, event.eventId, delivery.id, event.objectType, event.externalId, event.occurredAt, JSON.stringify(event)).changes;
      newEvents += added;
      if (added === 0) {
        const copy = pendingCopy.get(input.connectionId, event.eventId) as { deliveryId: number } | undefined;
        if (copy) pendingDeliveryIds.add(copy.deliveryId);
      }
    }
    const duplicates = input.events.length - newEvents;
    if (duplicates > 0) app.db.prepare('UPDATE webhook_deliveries SET duplicate_count = ? WHERE id = ?').run(duplicates, delivery.id);
    return { deliveryId: delivery.id, newEvents, duplicates, pendingDeliveryIds: [...pendingDeliveryIds] };
  });
}
