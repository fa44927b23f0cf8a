import type { Queryable } from '../store.js';

/** A record's current client (null: nobody's), or undefined when there is no such record (in that workspace, when given). */
export async function findRecordClient(q: Queryable, recordId: number, workspaceId?: number): Promise<{ clientId: number | null } | undefined> {
  let select = q.selectFrom('records').select('client_id as clientId').where('id', '=', recordId);
  if (workspaceId !== undefined) select = select.where('workspace_id', '=', workspaceId);
  return select.executeTakeFirst();
}
