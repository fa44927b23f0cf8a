import type { Queryable } from '../store.js';

export interface PendingWebhookEvent {
  id: number;
  connectionId: number;
  objectType: string;
  externalId: string;
  occurredAt: number | null;
  /** JSON of the parsed event. */
  payload: string;
}

/** One delivery's events not yet applied, by (delivery_id, status): never a scan of every event received. */
export async function listPendingDeliveryEvents(q: Queryable, deliveryId: number): Promise<PendingWebhookEvent[]> {
  return q
    .selectFrom('webhook_events')
    .select(['id', 'connection_id as connectionId', 'object_type as objectType', 'external_id as externalId', 'occurred_at as occurredAt', 'payload'])
    .where('delivery_id', '=', deliveryId)
    .where('status', '=', 'pending')
    .orderBy('id')
    .execute();
}
