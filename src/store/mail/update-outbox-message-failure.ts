import type { Queryable } from '../store.js';

/** A send that failed: pending again after `retryAt`, or failed for good when the sender gave up. */
export async function updateOutboxMessageFailure(q: Queryable, id: number, failure: { error: string; gaveUp: boolean; retryAt: number }): Promise<void> {
  await q
    .updateTable('outbox_messages')
    .set({ status: failure.gaveUp ? 'failed' : 'pending', last_error: failure.error, claimed_until: failure.retryAt })
    .where('id', '=', id)
    .execute();
}
