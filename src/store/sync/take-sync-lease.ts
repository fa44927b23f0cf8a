import type { Queryable } from '../store.js';

/**
 * Takes (or, with `renewOwn`, keeps) the lease on a cursor row when it is free or expired.
 * One conditional UPDATE, so two workers never both get it. Returns whether this owner holds it.
 */
export async function takeSyncLease(
  q: Queryable,
  key: { connectionId: number; objectType: string },
  owner: string,
  until: number,
  now: number,
  options: { renewOwn?: boolean } = {},
): Promise<boolean> {
  const result = await q
    .updateTable('sync_cursors')
    .set({ lease_owner: owner, lease_until: until })
    .where('connection_id', '=', key.connectionId)
    .where('object_type', '=', key.objectType)
    .where((eb) => {
      const free = [eb('lease_owner', 'is', null), eb('lease_until', '<', now)];
      return eb.or(options.renewOwn ? [...free, eb('lease_owner', '=', owner)] : free);
    })
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
