import type { Queryable } from '../store.js';

/** Webhook events received and not yet processed. */
export async function countPendingWebhookEvents(q: Queryable): Promise<number> {
  const row = await q.selectFrom('webhook_events').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
  return Number(row.n);
}
