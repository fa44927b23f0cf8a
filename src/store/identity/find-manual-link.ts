import type { Queryable } from '../store.js';

/** The manual decision on a record of the workspace (its client, null: nobody's), or undefined when staff made none. */
export async function findManualLink(q: Queryable, recordId: number, workspaceId: number): Promise<{ clientId: number | null } | undefined> {
  return q.selectFrom('record_links').select('client_id as clientId').where('record_id', '=', recordId).where('workspace_id', '=', workspaceId).where('manual', '=', 1).executeTakeFirst();
}
