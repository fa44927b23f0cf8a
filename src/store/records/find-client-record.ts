import type { Queryable } from '../store.js';
import { CLIENT_RECORD_COLUMNS, type ClientRecordRow } from './client-record-row.js';

/** One live record of this client and kind, or undefined: another client's record is as absent as a missing one. */
export async function findClientRecord(q: Queryable, clientId: number, kind: string, recordId: number): Promise<ClientRecordRow | undefined> {
  return q
    .selectFrom('records')
    .select(CLIENT_RECORD_COLUMNS)
    .where('id', '=', recordId)
    .where('client_id', '=', clientId)
    .where('kind', '=', kind)
    .where('deleted', '=', 0)
    .executeTakeFirst();
}
