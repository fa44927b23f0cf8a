import type { Queryable } from '../store.js';

/** One hook's stored (sealed) secret and its connection; undefined when the hub knows no such hook. */
export async function findWebhookSecret(q: Queryable, provider: string, hookId: string): Promise<{ secretSealed: string | null; connectionId: number } | undefined> {
  return q
    .selectFrom('webhook_secrets')
    .select(['secret_sealed as secretSealed', 'connection_id as connectionId'])
    .where('provider', '=', provider)
    .where('hook_id', '=', hookId)
    .executeTakeFirst();
}
