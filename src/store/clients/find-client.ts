import type { Queryable } from '../store.js';

/** A client by id with its workspace and status (undefined when there is none). */
export async function findClient(q: Queryable, clientId: number): Promise<{ id: number; name: string; workspaceId: number; status: string } | undefined> {
  return q.selectFrom('clients').select(['id', 'name', 'workspace_id as workspaceId', 'status']).where('id', '=', clientId).executeTakeFirst();
}
