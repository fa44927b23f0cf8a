import type { Queryable } from '../store.js';

/** Whether a connection holds any live record of this kind (one indexed probe). */
export async function hasConnectionRecords(q: Queryable, connectionId: number, kind: string): Promise<boolean> {
  const row = await q.selectFrom('records').select('id').where('connection_id', '=', connectionId).where('kind', '=', kind).where('deleted', '=', 0).limit(1).executeTakeFirst();
  return row !== undefined;
}
