import type { Queryable } from '../store.js';
import type { ConsoleClientRow } from './list-console-clients.js';

/** One client of the workspace (undefined: none with that id there). */
export async function findConsoleClient(q: Queryable, workspaceId: number, clientId: number): Promise<ConsoleClientRow | undefined> {
  return q
    .selectFrom('clients')
    .select(['id', 'name', 'status', 'merged_into_client_id as mergedIntoClientId'])
    .where('id', '=', clientId)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
}
