import type { Queryable } from '../store.js';

/** A running job's heartbeat: its lock lasts until `until`, while this worker still holds it. Returns whether it did. */
export async function extendJobLock(q: Queryable, id: number, workerId: string, until: number): Promise<boolean> {
  const result = await q.updateTable('jobs').set({ locked_until: until }).where('id', '=', id).where('locked_by', '=', workerId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
