import type { Queryable } from '../store.js';

/** Every client of the workspace with its status, what it was merged into, and how many records and portal users it has. */
export async function listClientsWithCounts(q: Queryable, workspaceId: number): Promise<{ id: number; name: string; status: string; mergedInto: number | null; records: number; users: number }[]> {
  const rows = await q
    .selectFrom('clients as c')
    .select((eb) => [
      'c.id',
      'c.name',
      'c.status',
      'c.merged_into_client_id as mergedInto',
      eb.selectFrom('records as r').select((e) => e.fn.countAll().as('n')).whereRef('r.client_id', '=', 'c.id').as('records'),
      eb.selectFrom('portal_users as u').select((e) => e.fn.countAll().as('n')).whereRef('u.client_id', '=', 'c.id').as('users'),
    ])
    .where('c.workspace_id', '=', workspaceId)
    .orderBy('c.id')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, status: row.status, mergedInto: row.mergedInto, records: Number(row.records ?? 0), users: Number(row.users ?? 0) }));
}
