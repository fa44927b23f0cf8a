import type { Queryable } from '../store.js';

/** Ends one staff session; returns whether it was still open. The row stays, for the record. */
export async function updateStaffSessionEnded(q: Queryable, idHash: string, now: number): Promise<boolean> {
  const result = await q.updateTable('staff_sessions').set({ ended_at: now }).where('id_hash', '=', idHash).where('ended_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
