import type { Connection, ConnectionStatus } from '../../connections/connection-repository.js';
import type { Queryable } from '../store.js';
import { CONNECTION_COLUMNS, toConnection } from './connection-row.js';

/** Every connection of every workspace, oldest first, optionally of one provider or in one status. */
export async function listConnections(q: Queryable, filter: { provider?: string; status?: ConnectionStatus } = {}): Promise<Connection[]> {
  let query = q.selectFrom('connections').select(CONNECTION_COLUMNS);
  if (filter.provider) query = query.where('provider', '=', filter.provider);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query.orderBy('id').execute();
  return rows.map(toConnection);
}
