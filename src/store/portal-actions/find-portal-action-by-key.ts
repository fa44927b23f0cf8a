import type { PortalAction } from '../../outbox/portal-action.js';
import type { Queryable } from '../store.js';
import { toPortalAction } from './portal-action-row.js';

/** The action stored under an idempotency key (the form's hidden field), whichever client's it is: callers check. */
export async function findPortalActionByKey(q: Queryable, key: string): Promise<PortalAction | undefined> {
  const row = await q.selectFrom('portal_actions').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  return row ? toPortalAction(row) : undefined;
}
