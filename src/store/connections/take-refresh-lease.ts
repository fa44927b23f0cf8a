import type { Queryable } from '../store.js';

/**
 * Takes the connection's token-refresh lease until `until` when it is free or expired: one
 * conditional UPDATE, so of two processes refreshing at once only one gets it. Returns whether this one did.
 */
export async function takeRefreshLease(q: Queryable, connectionId: number, until: number, now = Date.now()): Promise<boolean> {
  const result = await q
    .updateTable('connections')
    .set({ refresh_lock_until: until })
    .where('id', '=', connectionId)
    .where((eb) => eb.or([eb('refresh_lock_until', 'is', null), eb('refresh_lock_until', '<', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
