import type { PortalAction } from '../../outbox/portal-action.js';
import type { Queryable } from '../store.js';
import { toPortalAction } from './portal-action-row.js';

export async function findPortalAction(q: Queryable, id: number): Promise<PortalAction | undefined> {
  const row = await q.selectFrom('portal_actions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPortalAction(row) : undefined;
}
