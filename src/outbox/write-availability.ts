import type { AppContext } from '../app/app-context.js';
import type { WriteOperationName } from '../connector-kit/connector.js';
import { getConnection, type Connection } from '../connections/connection-repository.js';
import type { RecordKind } from '../model/unified-model.js';

export interface WriteAvailability {
  /** The connector declares the write at all. */
  declared: boolean;
  /** Declared, the connection is not disconnected, and its grant holds every scope the write needs. */
  on: boolean;
  /** Scopes the write needs that the grant lacks: what staff must add (then reconnect). */
  missingScopes: string[];
  /** The scopes the write needs, for the console and README. */
  scopes: string[];
}

/**
 * Whether one connection can perform one write. A grant whose scopes cannot be known (a pasted
 * token) is given the benefit of the doubt: a refusal then reaches staff as a dead letter with the
 * provider's words, and the client sees the action as not delivered.
 */
export function describeWriteAvailability(app: AppContext, connection: Connection, operation: WriteOperationName): WriteAvailability {
  if (!app.connectors.has(connection.provider)) return { declared: false, on: false, missingScopes: [], scopes: [] };
  const connector = app.connectors.get(connection.provider);
  const write = connector.writes?.[operation];
  if (!write) return { declared: false, on: false, missingScopes: [], scopes: [] };
  const granted = connector.grantedScopes?.(connection, app.config) ?? null;
  const missingScopes = granted === null ? [] : write.scopes.filter((scope) => !granted.includes(scope));
  return { declared: true, on: connection.status !== 'disconnected' && missingScopes.length === 0, missingScopes, scopes: write.scopes };
}

/** The unified kind whose record anchors each write: its connection is the one written to. */
export const ANCHOR_KIND: Record<WriteOperationName, RecordKind> = {
  createRequest: 'company',
  addRequestMessage: 'request',
  addConversationComment: 'project',
  answerApproval: 'task',
  uploadDocument: 'project',
};

export interface WriteTarget {
  connection: Connection;
  /** The anchoring record's provider id (the client's company, the request, the project). */
  anchorExternalId: string;
}

/**
 * Where a client's write goes: the connection of one of the client's own records of the anchoring
 * kind (the given one, or the first) whose connector can perform it now. Null: the feature is off
 * for this client, and the portal hides it.
 */
export function findWriteTarget(app: AppContext, clientId: number, operation: WriteOperationName, anchorRecordId?: number): WriteTarget | null {
  const rows = app.db
    .prepare(`SELECT id, connection_id, external_id FROM records WHERE client_id = ? AND kind = ? AND deleted = 0 ORDER BY id`)
    .all(clientId, ANCHOR_KIND[operation]) as { id: number; connection_id: number; external_id: string }[];
  for (const row of rows) {
    if (anchorRecordId !== undefined && row.id !== anchorRecordId) continue;
    const connection = getConnection(app.db, row.connection_id);
    if (!connection || !describeWriteAvailability(app, connection, operation).on) continue;
    return { connection, anchorExternalId: row.external_id };
  }
  return null;
}
