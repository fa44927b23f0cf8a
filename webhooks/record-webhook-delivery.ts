import type { WebhookEvent } from '../src/connector-kit/connector.js';
import { createHash } from 'node:crypto';
import type { Store } from '../src/store/store.js';
import { insertWebhookDelivery } from '../src/store/webhooks/insert-webhook-delivery.js';
import { insertWebhookEvent } from '../src/store/webhooks/insert-webhook-event.js';
import { findPendingEventDelivery } from '../src/store/webhooks/find-pending-event-delivery.js';
import { updateDeliveryDuplicateCount } from '../src/store/webhooks/update-delivery-duplicate-count.js';

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

export interface RecordedDelivery {
  deliveryId: number;
  newEvents: number;
  duplicates: number;
  /** Deliveries holding a still-pending first copy of one of this delivery's events. */
  pendingDeliveryIds: number[];
}

/**
 * Text as both engines store it: PostgreSQL's text cannot hold NUL, which a forged body (or a
 * provider name taken from the address) may carry; it is kept as U+FFFD on either engine. The
 * SHA-256 and size are of the bytes received, so the evidence is unchanged.
 */
function storable(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

/**
 * Stores the delivery and its new events in one transaction of `store` (the acknowledgement path
 * passes deliveryStoreOf(app): src/db/delivery-handle.ts); an event id seen before is counted as a
 * duplicate and dropped. A duplicate whose first copy is still pending names that copy's delivery:
 * the provider's redelivery is the cue to queue it again.
 */
export async function recordWebhookDelivery(store: Store, input: DeliveryInput): Promise<RecordedDelivery> {
  const kept = input.status === 'rejected' ? input.body.subarray(0, REJECTED_BODY_PREFIX_BYTES) : input.body;
  const sha256 = createHash('sha256').update(input.body).digest('hex');
  const headers = storable(JSON.stringify(input.headers));
  const body = storable(kept.toString('utf8'));
  const events = input.events.map((event) => ({ event, payload: storable(JSON.stringify(event)) }));
  const connectionId = input.connectionId;
  if (events.length > 0 && connectionId == null) throw new Error('a delivery with events must name its connection');
  // Everything is prepared before the transaction: inside it, nothing but store calls.
  return store.transaction(async (tx) => {
    const deliveryId = await insertWebhookDelivery(tx, {
      provider: storable(input.provider),
      connectionId,
      receivedAt: input.receivedAt,
      status: input.status,
      reason: input.reason == null ? null : storable(input.reason),
      headers,
      body,
      bodyBytes: input.body.length,
      bodySha256: sha256,
      eventCount: events.length,
      remoteIp: input.remoteIp,
    });
    let newEvents = 0;
    const pendingDeliveryIds = new Set<number>();
    for (const { event, payload } of events) {
      const added = await insertWebhookEvent(tx, {
        connectionId: connectionId!,
        provider: input.provider,
        eventId: event.eventId,
        deliveryId,
        objectType: event.objectType,
        externalId: event.externalId,
        occurredAt: event.occurredAt,
        payload,
      });
      if (added) {
        newEvents++;
        continue;
      }
      const pending = await findPendingEventDelivery(tx, connectionId!, event.eventId);
      if (pending !== undefined) pendingDeliveryIds.add(pending);
    }
    const duplicates = events.length - newEvents;
    if (duplicates > 0) await updateDeliveryDuplicateCount(tx, deliveryId, duplicates);
    return { deliveryId, newEvents, duplicates, pendingDeliveryIds: [...pendingDeliveryIds] };
  });
}
