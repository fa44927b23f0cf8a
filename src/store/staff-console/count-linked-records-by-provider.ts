import type { Queryable } from '../store.js';

/** Live records linked to each client of the workspace, per provider. */
export async function countLinkedRecordsByProvider(q: Queryable, workspaceId: number): Promise<{ clientId: number; provider: string; n: number }[]> {
  const rows = await q
    .selectFrom('records')
    .select((eb) => ['client_id', 'provider', eb.fn.countAll().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('client_id', 'is not', null)
    .where('deleted', '=', 0)
    .groupBy(['client_id', 'provider'])
    .execute();
  return rows.map((row) => ({ clientId: Number(row.client_id), provider: row.provider, n: Number(row.n) }));
}
