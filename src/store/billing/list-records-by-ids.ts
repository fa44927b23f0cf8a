import type { Queryable } from '../store.js';

export interface RecordByIdRow {
  id: number;
  workspaceId: number;
  clientId: number | null;
  connectionId: number;
  provider: string;
  externalId: string;
  kind: string;
  deleted: number;
  data: string;
}

/** Records by id (deleted ones too), with their unified data as stored (JSON), keyed by id. */
export async function listRecordsByIds(q: Queryable, ids: number[]): Promise<Map<number, RecordByIdRow>> {
  if (ids.length === 0) return new Map();
  const rows = await q
    .selectFrom('records')
    .select(['id', 'workspace_id as workspaceId', 'client_id as clientId', 'connection_id as connectionId', 'provider', 'external_id as externalId', 'kind', 'deleted', 'data'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}
