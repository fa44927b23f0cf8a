import type { Connection, ConnectionStatus } from '../../connections/connection-repository.js';
import type { Queryable } from '../store.js';

const COLUMNS = ['id', 'workspace_id', 'provider', 'label', 'auth_type', 'settings', 'status', 'last_error', 'consecutive_failures', 'last_success_at'] as const;

function toConnection(row: { id: number; workspace_id: number; provider: string; label: string; auth_type: string; settings: string; status: string; last_error: string | null; consecutive_failures: number; last_success_at: number | null }): Connection {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    provider: row.provider,
    label: row.label,
    authType: row.auth_type as Connection['authType'],
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    status: row.status as ConnectionStatus,
    lastError: row.last_error,
    consecutiveFailures: row.consecutive_failures,
    lastSuccessAt: row.last_success_at,
  };
}

/** A workspace's connections (disconnected ones too), oldest first; credentials are never read here. */
export async function listWorkspaceConnections(q: Queryable, workspaceId: number): Promise<Connection[]> {
  const rows = await q
    .selectFrom('connections')
    .select(COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .execute();
  return rows.map(toConnection);
}
