import type { Queryable } from '../store.js';

/** The status of the provider's last delivery received before `before` (undefined: none). */
export async function findWebhookStatusBefore(q: Queryable, provider: string, before: number): Promise<string | undefined> {
  const row = await q.selectFrom('webhook_deliveries').select('status').where('provider', '=', provider).where('received_at', '<', before).orderBy('received_at', 'desc').limit(1).executeTakeFirst();
  return row?.status;
}
