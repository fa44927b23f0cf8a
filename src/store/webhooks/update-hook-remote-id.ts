import type { Queryable } from '../store.js';

/** Records the provider's id for one of this connection's hooks. */
export async function updateHookRemoteId(q: Queryable, input: { provider: string; hookId: string; connectionId: number; remoteId: string; now: number }): Promise<void> {
  await q
    .updateTable('webhook_secrets')
    .set({ remote_id: input.remoteId, updated_at: input.now })
    .where('provider', '=', input.provider)
    .where('hook_id', '=', input.hookId)
    .where('connection_id', '=', input.connectionId)
    .execute();
}
