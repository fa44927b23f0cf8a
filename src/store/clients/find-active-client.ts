import type { Queryable } from '../store.js';

/** The client by id while it is active (an off-boarded or merged-away client is not found). */
export async function findActiveClient(q: Queryable, clientId: number): Promise<{ id: number; name: string; workspaceId: number } | undefined> {
  return q.selectFrom('clients').select(['id', 'name', 'workspace_id as workspaceId']).where('id', '=', clientId).where('status', '=', 'active').executeTakeFirst();
}
