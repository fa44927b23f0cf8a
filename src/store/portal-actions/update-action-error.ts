import type { Queryable } from '../store.js';

/** A try that failed for now: the action stays pending, with why. */
export async function updateActionError(q: Queryable, id: number, error: string, now = Date.now()): Promise<void> {
  await q.updateTable('portal_actions').set({ last_error: error, updated_at: now }).where('id', '=', id).execute();
}
