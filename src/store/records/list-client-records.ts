import type { Queryable } from '../store.js';
import { CLIENT_RECORD_COLUMNS, type ClientRecordRow } from './client-record-row.js';
import { preparedQuery } from '../common/prepared-query.js';

/**
 * One client's live records of one kind, oldest id first. `client_id = ? AND deleted = 0` is built
 * in: another client's record, or a deleted one, is never returned.
 */
export function listClientRecords(q: Queryable, clientId: number, kind: string): Promise<ClientRecordRow[]> {
  return byClientAndKind(q, clientId, kind);
}

const byClientAndKind = preparedQuery((db, clientId: number, kind: string) =>
  db.selectFrom('records').select(CLIENT_RECORD_COLUMNS).where('client_id', '=', clientId).where('kind', '=', kind).where('deleted', '=', 0).orderBy('id'),
);
