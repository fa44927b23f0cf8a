import type { Queryable } from '../store.js';

/** Whether any queued mail is still pending (claimed or not: the delivery job sorts out what is due). */
export async function hasPendingOutboxMessages(q: Queryable): Promise<boolean> {
  const row = await q.selectFrom('outbox_messages').select('id').where('status', '=', 'pending').limit(1).executeTakeFirst();
  return row !== undefined;
}
