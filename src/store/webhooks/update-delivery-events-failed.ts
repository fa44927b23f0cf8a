import type { Queryable } from '../store.js';

/** Marks a delivery's still-pending events failed, with the reason; processed ones keep their outcome. */
export async function updateDeliveryEventsFailed(q: Queryable, deliveryId: number, reason: string, at: number): Promise<number> {
  const result = await q
    .updateTable('webhook_events')
    .set({ status: 'failed', error: reason, processed_at: at })
    .where('delivery_id', '=', deliveryId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
