import type { Queryable } from '../store.js';

/** Open dead letters of every workspace, per provider. */
export async function countOpenDeadLettersByProvider(q: Queryable): Promise<{ provider: string; n: number }[]> {
  const rows = await q.selectFrom('dead_letters').select((eb) => ['provider', eb.fn.countAll().as('n')]).where('status', '=', 'open').groupBy('provider').execute();
  return rows.map((row) => ({ provider: row.provider, n: Number(row.n) }));
}
