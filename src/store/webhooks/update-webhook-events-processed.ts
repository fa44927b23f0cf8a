import type { Queryable } from '../store.js';

/** Marks events applied. Only pending ones move: an event already failed or processed keeps its outcome. */
export async function updateWebhookEventsProcessed(q: Queryable, eventIds: number[], at: number): Promise<number> {
  if (eventIds.length === 0) return 0;
  const result = await q
    .updateTable('webhook_events')
    .set({ status: 'processed', processed_at: at })
    .where('id', 'in', eventIds)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
