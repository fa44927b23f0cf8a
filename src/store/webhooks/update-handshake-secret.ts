import type { Queryable } from '../store.js';

/**
 * Stores a handshake's sealed secret for a hook whose handshake is expected (its window still open),
 * closing the window; returns the hook's connection, or undefined when no such handshake was expected.
 */
export async function updateHandshakeSecret(q: Queryable, input: { provider: string; hookId: string; secretSealed: string; now: number }): Promise<number | undefined> {
  const row = await q
    .updateTable('webhook_secrets')
    .set({ secret_sealed: input.secretSealed, handshake_expected_until: null, updated_at: input.now })
    .where('provider', '=', input.provider)
    .where('hook_id', '=', input.hookId)
    .where('handshake_expected_until', '>=', input.now)
    .returning('connection_id')
    .executeTakeFirst();
  return row?.connection_id;
}
