import type { Queryable } from '../store.js';

/**
 * Stores a hook's provider id and sealed signing secret (Stripe returns it when it creates the
 * endpoint). Another connection's hook of the same id is never taken over: then this returns false.
 */
export async function upsertWebhookHookSecret(
  q: Queryable,
  input: { provider: string; hookId: string; connectionId: number; remoteId: string; secretSealed: string; now: number },
): Promise<boolean> {
  const result = await q
    .insertInto('webhook_secrets')
    .values({
      provider: input.provider,
      hook_id: input.hookId,
      connection_id: input.connectionId,
      remote_id: input.remoteId,
      secret_sealed: input.secretSealed,
      created_at: input.now,
      updated_at: input.now,
    })
    .onConflict((oc) =>
      oc
        .columns(['provider', 'hook_id'])
        .doUpdateSet((eb) => ({ remote_id: eb.ref('excluded.remote_id'), secret_sealed: eb.ref('excluded.secret_sealed'), updated_at: eb.ref('excluded.updated_at') }))
        .whereRef('webhook_secrets.connection_id', '=', 'excluded.connection_id'),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}
