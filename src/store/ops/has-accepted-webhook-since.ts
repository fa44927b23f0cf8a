import type { Queryable } from '../store.js';

/** Whether any delivery of the provider was accepted since `since`. */
export async function hasAcceptedWebhookSince(q: Queryable, provider: string, since: number): Promise<boolean> {
  const row = await q.selectFrom('webhook_deliveries').select('id').where('provider', '=', provider).where('status', '=', 'accepted').where('received_at', '>=', since).limit(1).executeTakeFirst();
  return row !== undefined;
}
