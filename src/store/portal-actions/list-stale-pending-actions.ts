import type { PortalAction } from '../../outbox/portal-action.js';
import type { Queryable } from '../store.js';
import { toPortalAction } from './portal-action-row.js';

/** Pending actions not touched since `before` (their job may never have been queued: Redis was down), oldest first. */
export async function listStalePendingActions(q: Queryable, before: number, limit = 100): Promise<PortalAction[]> {
  const rows = await q
    .selectFrom('portal_actions')
    .selectAll()
    .where('status', '=', 'pending')
    .where('updated_at', '<', before)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toPortalAction);
}
