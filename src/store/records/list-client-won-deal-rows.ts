import type { Queryable } from '../store.js';
import { CLIENT_RECORD_COLUMNS, type ClientRecordRow } from './client-record-row.js';
import { preparedQuery } from '../common/prepared-query.js';

/**
 * One client's live won deals, oldest id first: the generated `is_won` column through the index
 * records_won_deals (migration 20), not every deal of the client read and its JSON parsed.
 */
export function listClientWonDealRows(q: Queryable, clientId: number): Promise<ClientRecordRow[]> {
  return wonDeals(q, clientId);
}

const wonDeals = preparedQuery((db, clientId: number) =>
  db.selectFrom('records').select(CLIENT_RECORD_COLUMNS).where('client_id', '=', clientId).where('kind', '=', 'deal').where('is_won', '=', 1).where('deleted', '=', 0).orderBy('id'),
);
