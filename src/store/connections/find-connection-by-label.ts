import type { Connection } from '../../connections/connection-repository.js';
import type { Queryable } from '../store.js';
import { CONNECTION_COLUMNS, toConnection } from './connection-row.js';

/** The connection a workspace holds for one provider under one label ("env", "oauth", "console"), if any. */
export async function findConnectionByLabel(q: Queryable, key: { workspaceId: number; provider: string; label: string }): Promise<Connection | undefined> {
  const row = await q
    .selectFrom('connections')
    .select(CONNECTION_COLUMNS)
    .where('workspace_id', '=', key.workspaceId)
    .where('provider', '=', key.provider)
    .where('label', '=', key.label)
    .executeTakeFirst();
  return row ? toConnection(row) : undefined;
}
