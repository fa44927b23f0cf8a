import type { Queryable } from '../store.js';

/** The workspace's active, unmerged clients with their names: evidence by name. */
export async function listActiveClientNames(q: Queryable, workspaceId: number): Promise<{ id: number; name: string }[]> {
  return q.selectFrom('clients').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('status', '=', 'active').where('merged_into_client_id', 'is', null).orderBy('id').execute();
}
