import type { Queryable } from '../store.js';

/**
 * The live project a connection holds under a provider id, only when it is linked to a client (an
 * unlinked project's conversation belongs to nobody who could see it).
 */
export async function findConversationProject(q: Queryable, connectionId: number, projectExternalId: string): Promise<{ id: number; workspaceId: number } | undefined> {
  return q
    .selectFrom('records')
    .select(['id', 'workspace_id as workspaceId'])
    .where('connection_id', '=', connectionId)
    .where('external_id', '=', projectExternalId)
    .where('kind', '=', 'project')
    .where('deleted', '=', 0)
    .where('client_id', 'is not', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}
