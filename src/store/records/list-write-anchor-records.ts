import type { RecordKind } from '../../model/unified-model.js';
import type { Queryable } from '../store.js';

export interface WriteAnchorRecord {
  id: number;
  kind: RecordKind;
  connectionId: number;
  externalId: string;
}

/** The client's live records of the given kinds (one record when recordId is given), by id: where a portal write may hang. */
export async function listWriteAnchorRecords(q: Queryable, clientId: number, kinds: readonly RecordKind[], recordId?: number): Promise<WriteAnchorRecord[]> {
  if (kinds.length === 0) return [];
  let query = q
    .selectFrom('records')
    .select(['id', 'kind', 'connection_id', 'external_id'])
    .where('client_id', '=', clientId)
    .where('kind', 'in', [...kinds])
    .where('deleted', '=', 0);
  if (recordId !== undefined) query = query.where('id', '=', recordId);
  const rows = await query.orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, kind: row.kind as RecordKind, connectionId: row.connection_id, externalId: row.external_id }));
}
