import type { Queryable } from '../store.js';

/** Deliveries received before `receivedBefore` that still have a pending event, oldest first, with their connection. */
export async function listDeliveriesWithPendingEvents(q: Queryable, receivedBefore: number, limit: number): Promise<{ deliveryId: number; connectionId: number }[]> {
  return q
    .selectFrom('webhook_events as e')
    .innerJoin('webhook_deliveries as d', 'd.id', 'e.delivery_id')
    .select(['e.delivery_id as deliveryId', 'e.connection_id as connectionId'])
    .distinct()
    .where('e.status', '=', 'pending')
    .where('d.received_at', '<', receivedBefore)
    .orderBy('e.delivery_id')
    .limit(limit)
    .execute();
}
