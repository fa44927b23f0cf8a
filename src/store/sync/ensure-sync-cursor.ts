import type { Queryable } from '../store.js';

/** The cursor row of one stream (created empty the first time), which also holds its lease. */
export async function ensureSyncCursor(q: Queryable, connectionId: number, objectType: string, now: number): Promise<void> {
  await q
    .insertInto('sync_cursors')
    .values({ connection_id: connectionId, object_type: objectType, cursor: null, updated_at: now })
    .onConflict((oc) => oc.columns(['connection_id', 'object_type']).doNothing())
    .execute();
}
