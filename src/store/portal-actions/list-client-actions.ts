import type { Queryable } from '../store.js';
import type { WriteOperationName } from '../../connector-kit/connector.js';
import type { ActionStatus, PortalAction } from '../../outbox/portal-action.js';

/** One client's portal actions (optionally one operation), newest first. Another client's are never returned. */
export async function listClientActions(q: Queryable, clientId: number, filter: { operation?: WriteOperationName; status?: ActionStatus[] } = {}): Promise<PortalAction[]> {
  let query = q.selectFrom('portal_actions').selectAll().where('client_id', '=', clientId);
  if (filter.operation) query = query.where('operation', '=', filter.operation);
  if (filter.status) {
    if (filter.status.length === 0) return [];
    query = query.where('status', 'in', filter.status);
  }
  const rows = await query.orderBy('id', 'desc').execute();
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
