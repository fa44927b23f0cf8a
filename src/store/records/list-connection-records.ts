import type { Queryable } from '../store.js';
import { type ClientRecordRow } from './client-record-row.js';

/**
 * A connection's live records of one kind, oldest id first: the messages of a request the client owns
 * are found in the request's own connection (they are matched to it by the request's provider id).
 */
export async function listConnectionRecords(q: Queryable, connectionId: number, kind: string): Promise<ClientRecordRow[]> {
  return q
    .selectFrom('records')
    .select(['id', 'connection_id', 'provider', 'external_id', 'synced_at', 'version', 'data'])
    .where('connection_id', '=', connectionId)
    .where('kind', '=', kind)
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute();
}
