import type { Queryable } from '../store.js';

/** A record that may carry files, as the `documents.list` job reads it. */
export interface DocumentParentRow {
  id: number;
  workspace_id: number;
  connection_id: number;
  provider: string;
  object_type: string;
  external_id: string;
  kind: string;
  /** JSON text: the provider's payload, which the document source reads. */
  raw: string;
  deleted: number;
  client_visible: number | null;
  client_id: number | null;
}

/** One connection's records among these ids (deleted ones too), by id: a listing job's batch in one read. */
export async function listDocumentParents(q: Queryable, connectionId: number, recordIds: readonly number[]): Promise<DocumentParentRow[]> {
  if (recordIds.length === 0) return [];
  return q
    .selectFrom('records')
    .select(['id', 'workspace_id', 'connection_id', 'provider', 'object_type', 'external_id', 'kind', 'raw', 'deleted', 'client_visible', 'client_id'])
    .where('connection_id', '=', connectionId)
    .where('id', 'in', [...new Set(recordIds)])
    .orderBy('id')
    .execute();
}
