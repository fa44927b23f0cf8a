import type { Queryable } from '../store.js';

/** A record of the workspace, the client it belongs to and how that was decided (`links show`). */
export async function findRecordLinkDetails(q: Queryable, recordId: number, workspaceId: number) {
  return q
    .selectFrom('records as r')
    .leftJoin('record_links as l', 'l.record_id', 'r.id')
    .leftJoin('clients as c', 'c.id', 'r.client_id')
    .select(['r.id', 'r.provider', 'r.object_type', 'r.external_id', 'r.client_id', 'c.name as client', 'l.method', 'l.detail', 'l.confidence', 'l.manual', 'l.decided_by', 'l.decided_at'])
    .where('r.id', '=', recordId)
    .where('r.workspace_id', '=', workspaceId)
    .executeTakeFirst();
}
