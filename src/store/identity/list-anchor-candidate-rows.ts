import type { Queryable } from '../store.js';

export interface AnchorCandidateRow {
  id: number;
  provider: string;
  kind: string;
  external_id: string;
  data: string;
  client_id: number;
  method: string | null;
}

/** Live companies and contacts of the workspace that belong to a client, with how they were linked: what may stand for a client. */
export async function listAnchorCandidateRows(q: Queryable, workspaceId: number): Promise<AnchorCandidateRow[]> {
  const rows = await q
    .selectFrom('records as r')
    .leftJoin('record_links as l', 'l.record_id', 'r.id')
    .select(['r.id', 'r.provider', 'r.kind', 'r.external_id', 'r.data', 'r.client_id', 'l.method'])
    .where('r.workspace_id', '=', workspaceId)
    .where('r.client_id', 'is not', null)
    .where('r.deleted', '=', 0)
    .where('r.kind', 'in', ['company', 'contact'])
    .orderBy('r.id')
    .execute();
  return rows as AnchorCandidateRow[];
}
