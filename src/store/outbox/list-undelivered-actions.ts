import type { PortalAction, ActionStatus } from '../../outbox/portal-action.js';
import type { WriteOperationName } from '../../connector-kit/connector.js';
import type { Queryable } from '../store.js';

/** Portal actions of the workspace not yet delivered (pending or failed), by client, newest first. */
export async function listUndeliveredActions(q: Queryable, workspaceId: number): Promise<PortalAction[]> {
  const rows = await q
    .selectFrom('portal_actions')
    .selectAll()
    .where('status', '!=', 'done')
    .where('workspace_id', '=', workspaceId)
    .orderBy('client_id')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({
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
  }));
}
