import type { Queryable } from '../store.js';

/** Every client of the workspace by id and name (merged and archived ones too): for labels. */
export async function listClientNames(q: Queryable, workspaceId: number): Promise<Map<number, string>> {
  const rows = await q.selectFrom('clients').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
