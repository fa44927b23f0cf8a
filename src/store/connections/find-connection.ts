import type { Connection } from '../../connections/connection-repository.js';
import type { Queryable } from '../store.js';
import { CONNECTION_COLUMNS, toConnection } from './connection-row.js';

/** One connection by id (its settings parsed; credentials stay where they are, sealed). */
export async function findConnection(q: Queryable, id: number): Promise<Connection | undefined> {
  const row = await q.selectFrom('connections').select(CONNECTION_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toConnection(row) : undefined;
}
