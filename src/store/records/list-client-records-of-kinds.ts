import type { Queryable } from '../store.js';
import { preparedPerShape } from '../common/prepared-query.js';
import { CLIENT_RECORD_COLUMNS, type ClientRecordRow } from './client-record-row.js';

/**
 * One client's live records of several kinds in one statement, oldest id first, each with its kind.
 * `client_id = ? AND deleted = 0` is built in, as in listClientRecords.
 */
export function listClientRecordsOfKinds(q: Queryable, clientId: number, kinds: readonly string[]): Promise<(ClientRecordRow & { kind: string })[]> {
  return ofKinds(kinds)(q, clientId);
}

// Per list of kinds: the callers' constants.
const ofKinds = preparedPerShape(
  (kinds: readonly string[]) => (db, clientId: number) =>
    db.selectFrom('records').select([...CLIENT_RECORD_COLUMNS, 'kind']).where('client_id', '=', clientId).where('kind', 'in', [...kinds]).where('deleted', '=', 0).orderBy('id'),
  (kinds) => kinds.join(','),
);
