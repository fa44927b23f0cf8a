import type { Connection, ConnectionStatus } from '../../connections/connection-repository.js';
import type { Queryable } from '../store.js';

/** One connection by id (its settings parsed; credentials stay where they are, sealed). */
export async function findConnection(q: Queryable, id: number): Promise<Connection | undefined> {
  const row = await q
    .selectFrom('connections')
    .select(['id', 'workspace_id', 'provider', 'label', 'auth_type', 'settings', 'status', 'last_error', 'consecutive_failures', 'last_success_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
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
