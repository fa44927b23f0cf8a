import type { Queryable } from '../store.js';

/** A client of the workspace with its status and the client it was merged into (undefined when there is none). */
export async function findWorkspaceClient(q: Queryable, clientId: number, workspaceId: number): Promise<{ id: number; name: string; status: string; mergedIntoClientId: number | null } | undefined> {
  return q.selectFrom('clients').select(['id', 'name', 'status', 'merged_into_client_id as mergedIntoClientId']).where('id', '=', clientId).where('workspace_id', '=', workspaceId).executeTakeFirst();
}
