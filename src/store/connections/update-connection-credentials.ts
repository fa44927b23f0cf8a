import type { Queryable } from '../store.js';

/** Replaces the connection's sealed credentials (a refreshed token). */
export async function updateConnectionCredentials(q: Queryable, connectionId: number, credentialsSealed: string, now = Date.now()): Promise<void> {
  await q.updateTable('connections').set({ credentials_sealed: credentialsSealed, updated_at: now }).where('id', '=', connectionId).execute();
}
