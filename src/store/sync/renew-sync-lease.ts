import type { Queryable } from '../store.js';

/**
 * Extends a lease this owner holds, optionally saving the stream's cursor with it (a page's last
 * write). Returns false when the lease is no longer this owner's (another worker took it over).
 */
export async function renewSyncLease(
  q: Queryable,
  key: { connectionId: number; objectType: string },
  owner: string,
  until: number,
  save?: { cursor: string; at: number },
): Promise<boolean> {
  const result = await q
    .updateTable('sync_cursors')
    .set(save ? { lease_until: until, cursor: save.cursor, updated_at: save.at } : { lease_until: until })
    .where('connection_id', '=', key.connectionId)
    .where('object_type', '=', key.objectType)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
