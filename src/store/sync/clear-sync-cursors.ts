import type { Queryable } from '../store.js';

/** Forgets every stream's saved position, so the next pull of each is a backfill from the beginning. */
export async function clearSyncCursors(q: Queryable): Promise<void> {
  await q.updateTable('sync_cursors').set({ cursor: null }).execute();
}
