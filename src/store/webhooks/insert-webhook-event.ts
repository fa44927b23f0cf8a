import type { Queryable } from '../store.js';

export interface NewWebhookEvent {
  connectionId: number;
  provider: string;
  /** The provider's id for the event: one row per (connection, event id), whatever the deliveries. */
  eventId: string;
  deliveryId: number;
  objectType: string;
  externalId: string;
  occurredAt: number | null;
  /** JSON of the parsed event. */
  payload: string;
}

/** Stores an event as pending unless this connection already has one with its event id; says whether it was new. */
export async function insertWebhookEvent(q: Queryable, event: NewWebhookEvent): Promise<boolean> {
  const row = await q
    .insertInto('webhook_events')
    .values({
      connection_id: event.connectionId,
      provider: event.provider,
      event_id: event.eventId,
      delivery_id: event.deliveryId,
      object_type: event.objectType,
      external_id: event.externalId,
      occurred_at: event.occurredAt,
      payload: event.payload,
    })
    .onConflict((oc) => oc.columns(['connection_id', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
