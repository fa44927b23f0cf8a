import type { WriteOperationName } from '../connector-kit/connector.js';

export type ActionStatus = 'pending' | 'done' | 'failed';

/** A client's write waiting for (or done at) the provider: the outbox row (src/store/portal-actions/). */
export interface PortalAction {
  id: number;
  workspaceId: number;
  clientId: number;
  portalUserId: number | null;
  connectionId: number;
  operation: WriteOperationName;
  idempotencyKey: string;
  payload: Record<string, unknown>;
  status: ActionStatus;
  attempts: number;
  resultObjectType: string | null;
  resultExternalId: string | null;
  lastError: string | null;
  deadLetterId: number | null;
  createdAt: number;
  updatedAt: number;
  doneAt: number | null;
}

/** What a caller gives to queue an action: the rest (status, attempts, times) the repository sets. */
export type NewAction = Pick<PortalAction, 'workspaceId' | 'clientId' | 'portalUserId' | 'connectionId' | 'operation' | 'idempotencyKey' | 'payload'>;
