import type { Queryable } from '../store.js';

/** Lets go of a lease this owner holds (a no-op when another worker holds it now). */
export async function releaseSyncLease(q: Queryable, key: { connectionId: number; objectType: string }, owner: string): Promise<void> {
  await q
    .updateTable('sync_cursors')
    .set({ lease_owner: null, lease_until: null })
    .where('connection_id', '=', key.connectionId)
    .where('object_type', '=', key.objectType)
    .where('lease_owner', '=', owner)
    .execute();
}
