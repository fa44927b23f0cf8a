import type { Connection } from '../../connections/connection-repository.js';
import type { Queryable } from '../store.js';
import { CONNECTION_COLUMNS, toConnection } from './connection-row.js';

/** A workspace's connections (disconnected ones too), oldest first; credentials are never read here. */
export async function listWorkspaceConnections(q: Queryable, workspaceId: number): Promise<Connection[]> {
  const rows = await q
    .selectFrom('connections')
    .select(CONNECTION_COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .execute();
  return rows.map(toConnection);
}
