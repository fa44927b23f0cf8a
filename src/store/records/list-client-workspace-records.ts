import type { Queryable } from '../store.js';
import { type ClientRecordRow } from './client-record-row.js';

/**
 * Live records of one kind held for the workspace the client belongs to, whichever client (if any)
 * they are linked to: the business's own CRM users (team_member), which belong to no client.
 * Only the client's own workspace is read.
 */
export async function listClientWorkspaceRecords(q: Queryable, clientId: number, kind: string): Promise<ClientRecordRow[]> {
  return q
    .selectFrom('records as r')
    .innerJoin('clients as c', 'c.workspace_id', 'r.workspace_id')
    .select(['r.id', 'r.connection_id', 'r.provider', 'r.external_id', 'r.synced_at', 'r.version', 'r.data'])
    .where('c.id', '=', clientId)
    .where('r.kind', '=', kind)
    .where('r.deleted', '=', 0)
    .orderBy('r.id')
    .execute();
}
