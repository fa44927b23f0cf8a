import type { Queryable } from '../store.js';

/** The provider holds the action's object: done, with what it created. */
export async function updateActionDone(q: Queryable, id: number, result: { objectType: string; externalId: string }, now = Date.now()): Promise<void> {
  await q
    .updateTable('portal_actions')
    .set({ status: 'done', result_object_type: result.objectType, result_external_id: result.externalId, last_error: null, done_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
}
