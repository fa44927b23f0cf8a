import type { Queryable } from '../store.js';

/**
 * Deletes deliveries with their events. A delivery that has a pending event again by now is kept
 * (with its events), so a list taken earlier can never delete an event a job has yet to apply.
 * Call it in one transaction; returns how many deliveries went.
 */
export async function deleteWebhookDeliveries(q: Queryable, deliveryIds: number[]): Promise<number> {
  if (deliveryIds.length === 0) return 0;
  const pending = await q.selectFrom('webhook_events').select('delivery_id').distinct().where('delivery_id', 'in', deliveryIds).where('status', '=', 'pending').execute();
  const held = new Set(pending.map((row) => row.delivery_id));
  const ids = deliveryIds.filter((id) => !held.has(id));
  if (ids.length === 0) return 0;
  await q.deleteFrom('webhook_events').where('delivery_id', 'in', ids).execute();
  const result = await q.deleteFrom('webhook_deliveries').where('id', 'in', ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}
