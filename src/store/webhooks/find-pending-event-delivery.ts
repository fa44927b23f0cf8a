import type { Queryable } from '../store.js';

/** The delivery holding this connection's copy of an event, if that copy is still pending (not yet applied). */
export async function findPendingEventDelivery(q: Queryable, connectionId: number, eventId: string): Promise<number | undefined> {
  const row = await q
    .selectFrom('webhook_events')
    .select('delivery_id')
    .where('connection_id', '=', connectionId)
    .where('event_id', '=', eventId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.delivery_id;
}
