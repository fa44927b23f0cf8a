import type { Queryable } from '../store.js';

/** Staff retry: pending again, attempts counted afresh, no dead letter. */
export async function updateActionReopened(q: Queryable, id: number, now = Date.now()): Promise<void> {
  await q.updateTable('portal_actions').set({ status: 'pending', attempts: 0, dead_letter_id: null, updated_at: now }).where('id', '=', id).execute();
}
