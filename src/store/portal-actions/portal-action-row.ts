import type { Selectable } from 'kysely';
import type { WriteOperationName } from '../../connector-kit/connector.js';
import type { ActionStatus, PortalAction } from '../../outbox/portal-action.js';
import type { PortalActions } from '../schema.js';

/** A portal_actions row as the outbox's PortalAction (payload parsed). */
export function toPortalAction(row: Selectable<PortalActions>): PortalAction {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    clientId: row.client_id,
    portalUserId: row.portal_user_id,
    connectionId: row.connection_id,
    operation: row.operation as WriteOperationName,
    idempotencyKey: row.idempotency_key,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    status: row.status as ActionStatus,
    attempts: row.attempts,
    resultObjectType: row.result_object_type,
    resultExternalId: row.result_external_id,
    lastError: row.last_error,
    deadLetterId: row.dead_letter_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    doneAt: row.done_at,
  };
}
