import type { Queryable } from '../store.js';

/** A pull succeeded: failures are forgotten and an unhealthy connection is active again (a disconnected one stays so). */
export async function updateConnectionSucceeded(q: Queryable, connectionId: number, now = Date.now()): Promise<void> {
  await q
    .updateTable('connections')
    .set((eb) => ({
      consecutive_failures: 0,
      last_error: null,
      last_success_at: now,
      status: eb.case().when('status', '=', 'unhealthy').then('active').else(eb.ref('status')).end(),
    }))
    .where('id', '=', connectionId)
    .execute();
}
