import type { Queryable } from '../store.js';

/**
 * Deliveries received before the cutoff with no event still pending (a pending event's job has not
 * applied it yet, whatever its age), oldest first through webhook_deliveries_received.
 */
export async function listPrunableWebhookDeliveries(q: Queryable, receivedBefore: number, limit: number): Promise<number[]> {
  const rows = await q
    .selectFrom('webhook_deliveries as d')
    .select('d.id')
    .where('d.received_at', '<', receivedBefore)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('webhook_events as e').select('e.id').whereRef('e.delivery_id', '=', 'd.id').where('e.status', '=', 'pending'))),
    )
    .orderBy('d.received_at')
    .orderBy('d.id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}
