import type { Queryable } from '../store.js';
import { preparedQuery } from '../common/prepared-query.js';
import { toPortalAction } from './portal-action-row.js';
import type { WriteOperationName } from '../../connector-kit/connector.js';
import type { ActionStatus, PortalAction } from '../../outbox/portal-action.js';

/** One client's portal actions (optionally one operation), newest first. Another client's are never returned. */
export async function listClientActions(q: Queryable, clientId: number, filter: { operation?: WriteOperationName; status?: ActionStatus[] } = {}): Promise<PortalAction[]> {
  // One operation's actions is what pages ask (a dashboard, every approval): that shape is built once.
  if (filter.operation && !filter.status) return (await ofOperation(q, clientId, filter.operation)).map(toPortalAction);
  let query = q.selectFrom('portal_actions').selectAll().where('client_id', '=', clientId);
  if (filter.operation) query = query.where('operation', '=', filter.operation);
  if (filter.status) {
    if (filter.status.length === 0) return [];
    query = query.where('status', 'in', filter.status);
  }
  const rows = await query.orderBy('id', 'desc').execute();
  return rows.map(toPortalAction);
}

const ofOperation = preparedQuery((db, clientId: number, operation: WriteOperationName) =>
  db.selectFrom('portal_actions').selectAll().where('client_id', '=', clientId).where('operation', '=', operation).orderBy('id', 'desc'),
);
