import type { AppContext } from '../../app/app-context.js';
import type { WriteOperationName } from '../../connector-kit/connector.js';
import { listUndeliveredActions, type PortalAction } from '../../outbox/action-repository.js';
import { listConnections } from '../../connections/connection-repository.js';
import { describeWriteAvailability, type WriteAvailability } from '../../outbox/write-availability.js';

export interface ClientActions {
  clientId: number;
  clientName: string;
  actions: PortalAction[];
}

/** Portal actions not yet delivered (pending, or failed and dead-lettered), grouped by client. */
export function loadUndeliveredActions(app: AppContext): ClientActions[] {
  const names = new Map((app.db.prepare('SELECT id, name FROM clients WHERE workspace_id = ?').all(app.workspaceId) as { id: number; name: string }[]).map((c) => [c.id, c.name]));
  const groups = new Map<number, ClientActions>();
  for (const action of listUndeliveredActions(app.db, app.workspaceId)) {
    let group = groups.get(action.clientId);
    if (!group) groups.set(action.clientId, (group = { clientId: action.clientId, clientName: names.get(action.clientId) ?? `Client ${action.clientId}`, actions: [] }));
    group.actions.push(action);
  }
  return [...groups.values()].sort((a, b) => a.clientName.localeCompare(b.clientName));
}

export interface ConnectionWrites {
  connectionId: number;
  provider: string;
  label: string;
  writes: (WriteAvailability & { operation: WriteOperationName })[];
}

/** Each connection's declared writes: on, or off with the scopes its grant lacks. */
export function loadWriteFeatures(app: AppContext): ConnectionWrites[] {
  const out: ConnectionWrites[] = [];
  for (const connection of listConnections(app.db)) {
    if (connection.workspaceId !== app.workspaceId || connection.status === 'disconnected' || !app.connectors.has(connection.provider)) continue;
    const declared = Object.keys(app.connectors.get(connection.provider).writes ?? {}) as WriteOperationName[];
    if (declared.length === 0) continue;
    out.push({ connectionId: connection.id, provider: connection.provider, label: connection.label, writes: declared.map((operation) => ({ operation, ...describeWriteAvailability(app, connection, operation) })) });
  }
  return out;
}
