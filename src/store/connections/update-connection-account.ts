import type { Queryable } from '../store.js';

/** The account a connection syncs was chosen: its new settings, and it is active with its failures forgotten. */
export async function updateConnectionAccount(q: Queryable, connectionId: number, settings: Record<string, unknown>, now = Date.now()): Promise<void> {
  await q
    .updateTable('connections')
    .set({ settings: JSON.stringify(settings), status: 'active', last_error: null, consecutive_failures: 0, updated_at: now })
    .where('id', '=', connectionId)
    .execute();
}
