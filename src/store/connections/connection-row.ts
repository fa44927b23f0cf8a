import type { Selectable } from 'kysely';
import type { Connection, ConnectionStatus } from '../../connections/connection-repository.js';
import type { Connections } from '../schema.js';

/** The columns a Connection is read from: never the sealed credentials. */
export const CONNECTION_COLUMNS = ['id', 'workspace_id', 'provider', 'label', 'auth_type', 'settings', 'status', 'last_error', 'consecutive_failures', 'last_success_at'] as const;

export type ConnectionRow = Pick<Selectable<Connections>, (typeof CONNECTION_COLUMNS)[number]>;

export function toConnection(row: ConnectionRow): Connection {
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
