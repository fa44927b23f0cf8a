import type { Queryable } from '../store.js';
import { preparedQuery } from '../common/prepared-query.js';
import { CLIENT_RECORD_COLUMNS, type ClientRecordRow } from './client-record-row.js';

type Read = (q: Queryable, clientId: number) => Promise<(ClientRecordRow & { kind: string })[]>;

/** One prepared read per list of kinds: the lists are the callers' constants, so there are a handful. */
const reads = new Map<string, Read>();

/**
 * One client's live records of several kinds in one statement, oldest id first, each with its kind.
 * `client_id = ? AND deleted = 0` is built in, as in listClientRecords.
 */
export function listClientRecordsOfKinds(q: Queryable, clientId: number, kinds: readonly string[]): Promise<(ClientRecordRow & { kind: string })[]> {
  const key = kinds.join(',');
  let read = reads.get(key);
  if (!read) {
    const fixed = [...kinds];
    read = preparedQuery((db, id: number) => db.selectFrom('records').select([...CLIENT_RECORD_COLUMNS, 'kind']).where('client_id', '=', id).where('kind', 'in', fixed).where('deleted', '=', 0).orderBy('id'));
    reads.set(key, read);
  }
  return read(q, clientId);
}
