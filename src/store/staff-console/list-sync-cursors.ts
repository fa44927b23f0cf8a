import type { Queryable } from '../store.js';

/** A connection's cursors, keyed by object type. */
export async function listSyncCursors(q: Queryable, connectionId: number): Promise<Map<string, string | null>> {
  const rows = await q.selectFrom('sync_cursors').select(['object_type', 'cursor']).where('connection_id', '=', connectionId).execute();
  return new Map(rows.map((row) => [row.object_type, row.cursor]));
}
