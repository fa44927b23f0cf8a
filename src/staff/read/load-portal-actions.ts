import type { AppContext } from '../../app/app-context.js';
import type { WriteOperationName } from '../../connector-kit/connector.js';
import type { PortalAction } from '../../outbox/portal-action.js';
import { listUndeliveredActions } from '../../store/portal-actions/list-undelivered-actions.js';
import { listClientNames } from '../../store/staff-console/list-client-names.js';
import { listWorkspaceConnections } from '../../store/connections/list-workspace-connections.js';
import { describeWriteAvailability, type WriteAvailability } from '../../outbox/write-availability.js';

export interface ClientActions {
  clientId: number;
  clientName: string;
  actions: PortalAction[];
}

/** Portal actions not yet delivered (pending, or failed and dead-lettered), grouped by client. */
export async function loadUndeliveredActions(app: AppContext): Promise<ClientActions[]> {
  const names = await listClientNames(app.store.db, app.workspaceId);
  const groups = new Map<number, ClientActions>();
  for (const action of await listUndeliveredActions(app.store.db, app.workspaceId)) {
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
export async function loadWriteFeatures(app: AppContext): Promise<ConnectionWrites[]> {
  const out: ConnectionWrites[] = [];
  for (const connection of await listWorkspaceConnections(app.store.db, app.workspaceId)) {
    if (connection.status === 'disconnected' || !app.connectors.has(connection.provider)) continue;
    const declared = Object.keys(app.connectors.get(connection.provider).writes ?? {}) as WriteOperationName[];
    if (declared.length === 0) continue;
    out.push({ connectionId: connection.id, provider: connection.provider, label: connection.label, writes: declared.map((operation) => ({ operation, ...describeWriteAvailability(app, connection, operation) })) });
  }
  return out;
}
