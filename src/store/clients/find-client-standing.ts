import type { Queryable } from '../store.js';

/** What off-boarding and reactivation decide on: a client's workspace, status and merge. */
export async function findClientStanding(
  q: Queryable,
  clientId: number,
): Promise<{ workspaceId: number; status: string; mergedIntoClientId: number | null } | undefined> {
  return q
    .selectFrom('clients')
    .select(['workspace_id as workspaceId', 'status', 'merged_into_client_id as mergedIntoClientId'])
    .where('id', '=', clientId)
    .executeTakeFirst();
}
