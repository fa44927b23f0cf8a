import type { AppContext } from '../app/app-context.js';
import type { WriteOperationName } from '../connector-kit/connector.js';
import type { Connection } from '../connections/connection-repository.js';
import { findConnection } from '../store/connections/find-connection.js';
import { listWriteAnchorRecords } from '../store/records/list-write-anchor-records.js';
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

/**
 * The unified kinds whose records anchor each write: its connection is the one written to. The first
 * is the default; a write hangs on another kind only where its connector declares it (anchorKinds):
 * uploadDocument on a project page goes to the project's tool, from the Documents page (no project)
 * to the client's company in the CRM.
 */
export const ANCHOR_KINDS: Record<WriteOperationName, readonly RecordKind[]> = {
  createRequest: ['company'],
  addRequestMessage: ['request'],
  addConversationComment: ['project'],
  answerApproval: ['task'],
  uploadDocument: ['project', 'company'],
};

export interface WriteTarget {
  connection: Connection;
  /** The anchoring record (the client's company, the request, the project). */
  anchorRecordId: number;
  anchorKind: RecordKind;
  /** The anchoring record's provider id. */
  anchorExternalId: string;
}

/** Which of the client's records a write may hang on: one record (by id), or the first of a kind; the operation's default kind when absent. */
export type WriteAnchor = number | { kind: RecordKind };

/**
 * Where a client's write goes: the connection of one of the client's own records of the anchoring
 * kind (the given record, or the first of the kind) whose connector can perform it now, hung on
 * that kind. Null: the feature is off for this client (or that record), and the portal hides it.
 * Only the client's own records are ever considered: another client's company is never a target.
 */
export async function findWriteTarget(app: AppContext, clientId: number, operation: WriteOperationName, anchor?: WriteAnchor): Promise<WriteTarget | null> {
  const kinds = ANCHOR_KINDS[operation];
  const wanted = typeof anchor === 'object' ? [anchor.kind].filter((kind) => kinds.includes(kind)) : typeof anchor === 'number' ? kinds : kinds.slice(0, 1);
  if (wanted.length === 0) return null;
  const rows = await listWriteAnchorRecords(app.store.db, clientId, wanted, typeof anchor === 'number' ? anchor : undefined);
  for (const row of rows) {
    const connection = await findConnection(app.store.db, row.connectionId);
    if (!connection || !describeWriteAvailability(app, connection, operation).on) continue;
    const write = app.connectors.get(connection.provider).writes?.[operation];
    if (!(write?.anchorKinds ?? kinds.slice(0, 1)).includes(row.kind)) continue;
    return { connection, anchorRecordId: row.id, anchorKind: row.kind, anchorExternalId: row.externalId };
  }
  return null;
}
