import type { Queryable } from '../store.js';

/** Providers with at least one refused webhook delivery since `since`. */
export async function listProvidersRefusingWebhooks(q: Queryable, since: number): Promise<string[]> {
  const rows = await q.selectFrom('webhook_deliveries').select('provider').distinct().where('received_at', '>=', since).where('status', '=', 'rejected').execute();
  return rows.map((row) => row.provider);
}
