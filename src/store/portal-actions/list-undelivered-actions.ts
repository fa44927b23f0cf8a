import type { PortalAction } from '../../outbox/portal-action.js';
import type { Queryable } from '../store.js';
import { toPortalAction } from './portal-action-row.js';

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
  return rows.map(toPortalAction);
}
