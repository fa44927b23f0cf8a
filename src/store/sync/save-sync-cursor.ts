import type { Queryable } from '../store.js';

/** Saves a stream's position whoever holds its lease (a change stream's replay position after each batch). */
export async function saveSyncCursor(q: Queryable, connectionId: number, objectType: string, cursor: string, at: number): Promise<void> {
  await q
    .updateTable('sync_cursors')
    .set({ cursor, updated_at: at })
    .where('connection_id', '=', connectionId)
    .where('object_type', '=', objectType)
    .execute();
}
