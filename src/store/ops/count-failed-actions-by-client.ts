import type { Queryable } from '../store.js';

/** Portal actions that could not be delivered (failed), per client of the workspace, with its name. */
export async function countFailedActionsByClient(q: Queryable, workspaceId: number): Promise<{ clientId: number; name: string; n: number }[]> {
  const rows = await q
    .selectFrom('portal_actions as a')
    .innerJoin('clients as c', 'c.id', 'a.client_id')
    .select((eb) => ['a.client_id as clientId', 'c.name', eb.fn.countAll().as('n')])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.status', '=', 'failed')
    .groupBy(['a.client_id', 'c.name'])
    .orderBy('a.client_id')
    .execute();
  return rows.map((row) => ({ clientId: row.clientId, name: row.name, n: Number(row.n) }));
}
