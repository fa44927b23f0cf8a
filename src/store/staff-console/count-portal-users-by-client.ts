import type { Queryable } from '../store.js';

/** Portal users not disabled, per client of the workspace. */
export async function countPortalUsersByClient(q: Queryable, workspaceId: number): Promise<Map<number, number>> {
  const rows = await q
    .selectFrom('portal_users')
    .select((eb) => ['client_id', eb.fn.countAll().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('status', '!=', 'disabled')
    .groupBy('client_id')
    .execute();
  return new Map(rows.map((row) => [Number(row.client_id), Number(row.n)]));
}
