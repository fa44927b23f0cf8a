import type { Queryable } from '../store.js';

/** The mailer took the message: sent, with where it went. */
export async function updateOutboxMessageSent(q: Queryable, id: number, deliveredTo: string, now: number): Promise<void> {
  await q.updateTable('outbox_messages').set({ status: 'sent', sent_at: now, delivered_to: deliveredTo, last_error: null }).where('id', '=', id).execute();
}
