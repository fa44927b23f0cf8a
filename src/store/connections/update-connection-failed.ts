import type { Queryable } from '../store.js';

/** One more failure with its wording; `unhealthy` turns an active connection unhealthy (other statuses stay). */
export async function updateConnectionFailed(q: Queryable, connectionId: number, lastError: string, unhealthy: boolean, now = Date.now()): Promise<void> {
  await q
    .updateTable('connections')
    .set((eb) => ({
      consecutive_failures: eb('consecutive_failures', '+', 1),
      last_error: lastError,
      status: unhealthy ? eb.case().when('status', '=', 'active').then('unhealthy').else(eb.ref('status')).end() : eb.ref('status'),
      updated_at: now,
    }))
    .where('id', '=', connectionId)
    .execute();
}
