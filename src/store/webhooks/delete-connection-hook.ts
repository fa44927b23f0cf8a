import type { Queryable } from '../store.js';

/** Forgets one of this connection's hooks and its secret. */
export async function deleteConnectionHook(q: Queryable, provider: string, hookId: string, connectionId: number): Promise<void> {
  await q.deleteFrom('webhook_secrets').where('provider', '=', provider).where('hook_id', '=', hookId).where('connection_id', '=', connectionId).execute();
}
