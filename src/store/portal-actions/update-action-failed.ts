import type { Queryable } from '../store.js';

/** Not delivered: failed, pointing at the dead letter staff retry it from. */
export async function updateActionFailed(q: Queryable, id: number, error: string, deadLetterId: number, now = Date.now()): Promise<void> {
  await q.updateTable('portal_actions').set({ status: 'failed', last_error: error, dead_letter_id: deadLetterId, updated_at: now }).where('id', '=', id).execute();
}
