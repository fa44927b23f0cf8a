import type { Queryable } from '../store.js';

export async function findClientName(q: Queryable, clientId: number): Promise<string | null> {
  const row = await q.selectFrom('clients').select('name').where('id', '=', clientId).executeTakeFirst();
  return row?.name ?? null;
}
