import type { ConnectionStatus } from '../../connections/connection-repository.js';
import type { Queryable } from '../store.js';
import { preparedQuery } from '../common/prepared-query.js';

export interface LiveConnectionRow {
  id: number;
  provider: string;
  label: string;
  status: ConnectionStatus;
  lastSuccessAt: number | null;
  createdAt: number;
}

/** The workspace's connections meant to be syncing (not disconnected), oldest first: what freshness is judged on. */
export async function listLiveConnections(q: Queryable, workspaceId: number): Promise<LiveConnectionRow[]> {
  const rows = await liveRows(q, workspaceId);
  return rows.map((row) => ({ id: row.id, provider: row.provider, label: row.label, status: row.status as ConnectionStatus, lastSuccessAt: row.last_success_at, createdAt: row.created_at }));
}

const liveRows = preparedQuery((db, workspaceId: number) =>
  db.selectFrom('connections').select(['id', 'provider', 'label', 'status', 'last_success_at', 'created_at']).where('workspace_id', '=', workspaceId).where('status', '!=', 'disconnected').orderBy('id'),
);
