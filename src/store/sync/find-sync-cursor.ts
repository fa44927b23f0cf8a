import type { Queryable } from '../store.js';

/** The saved position (JSON text) of one stream: undefined when it has no row, null when it never saved one. */
export async function findSyncCursor(q: Queryable, connectionId: number, objectType: string): Promise<string | null | undefined> {
  const row = await q
    .selectFrom('sync_cursors')
    .select('cursor')
    .where('connection_id', '=', connectionId)
    .where('object_type', '=', objectType)
    .executeTakeFirst();
  return row ? row.cursor : undefined;
}
