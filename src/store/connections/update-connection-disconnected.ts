import type { Queryable } from '../store.js';

/** Disconnects: status 'disconnected' and the sealed credentials erased. */
export async function updateConnectionDisconnected(q: Queryable, connectionId: number, now = Date.now()): Promise<void> {
  await q.updateTable('connections').set({ status: 'disconnected', credentials_sealed: null, updated_at: now }).where('id', '=', connectionId).execute();
}
