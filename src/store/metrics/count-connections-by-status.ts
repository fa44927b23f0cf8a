import type { Queryable } from '../store.js';

/** Connections of every workspace per provider and status. */
export async function countConnectionsByStatus(q: Queryable): Promise<{ provider: string; status: string; n: number }[]> {
  const rows = await q.selectFrom('connections').select((eb) => ['provider', 'status', eb.fn.countAll().as('n')]).groupBy(['provider', 'status']).execute();
  return rows.map((row) => ({ provider: row.provider, status: row.status, n: Number(row.n) }));
}
