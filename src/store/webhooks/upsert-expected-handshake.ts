import type { Queryable } from '../store.js';

/**
 * Opens (or reopens) a hook's handshake window until `until`. A hook id belongs to one connection:
 * another connection's row is never taken over, and then this returns false.
 */
export async function upsertExpectedHandshake(q: Queryable, input: { provider: string; hookId: string; connectionId: number; until: number; now: number }): Promise<boolean> {
  const result = await q
    .insertInto('webhook_secrets')
    .values({ provider: input.provider, hook_id: input.hookId, connection_id: input.connectionId, handshake_expected_until: input.until, created_at: input.now, updated_at: input.now })
    .onConflict((oc) =>
      oc
        .columns(['provider', 'hook_id'])
        .doUpdateSet((eb) => ({ handshake_expected_until: eb.ref('excluded.handshake_expected_until'), updated_at: eb.ref('excluded.updated_at') }))
        .whereRef('webhook_secrets.connection_id', '=', 'excluded.connection_id'),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}
