import type { Queryable } from '../store.js';

/** Webhook hooks of a connection whose secret the provider handed over (stored sealed). */
export async function countHookSecrets(q: Queryable, connectionId: number): Promise<number> {
  const row = await q
    .selectFrom('webhook_secrets')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('connection_id', '=', connectionId)
    .where('secret_sealed', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
