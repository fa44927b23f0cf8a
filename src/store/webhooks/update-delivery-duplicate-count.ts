import type { Queryable } from '../store.js';

/** Records how many of a delivery's events had been received before. */
export async function updateDeliveryDuplicateCount(q: Queryable, deliveryId: number, duplicates: number): Promise<void> {
  await q.updateTable('webhook_deliveries').set({ duplicate_count: duplicates }).where('id', '=', deliveryId).execute();
}
