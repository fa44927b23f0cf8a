import type { Queryable } from '../store.js';

/** One connection's hooks at a provider, by hook id; whether each has a secret, never the secret itself. */
export async function listConnectionHooks(q: Queryable, provider: string, connectionId: number): Promise<{ hookId: string; remoteId: string | null; hasSecret: boolean }[]> {
  const rows = await q
    .selectFrom('webhook_secrets')
    .select(['hook_id', 'remote_id', 'secret_sealed'])
    .where('provider', '=', provider)
    .where('connection_id', '=', connectionId)
    .orderBy('hook_id')
    .execute();
  return rows.map((row) => ({ hookId: row.hook_id, remoteId: row.remote_id, hasSecret: row.secret_sealed != null }));
}
