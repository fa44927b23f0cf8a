import type { Queryable } from '../store.js';

/**
 * Takes the queue of rows whose identity keys must be computed again (filled by the triggers of
 * migration 015): deleted and returned in one statement, so a row changed meanwhile by another
 * transaction is queued again by its trigger and never lost.
 */
export async function takePendingIdentityKeys(q: Queryable): Promise<{ subject: string; subject_id: number }[]> {
  return q.deleteFrom('identity_keys_pending').returning(['subject', 'subject_id']).execute();
}
