import type { Queryable } from '../store.js';

/**
 * Closes as interrupted a run of this stream still marked running (its worker died; this caller
 * holds the stream's lease now). Returns the closed run's id, which the new run resumes from.
 */
export async function interruptRunningSyncRun(q: Queryable, connectionId: number, objectType: string, now: number, error: string): Promise<number | null> {
  const rows = await q
    .updateTable('sync_runs')
    .set({ status: 'interrupted', finished_at: now, error })
    .where('connection_id', '=', connectionId)
    .where('object_type', '=', objectType)
    .where('status', '=', 'running')
    .returning('id')
    .execute();
  return rows[0]?.id ?? null;
}
