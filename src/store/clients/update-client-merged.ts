import type { Queryable } from '../store.js';

/** A merged client remains only as a pointer to the one it became (offboarded: nobody signs in to it). */
export async function updateClientMerged(q: Queryable, clientId: number, intoClientId: number, now: number): Promise<void> {
  await q.updateTable('clients').set({ status: 'offboarded', merged_into_client_id: intoClientId, updated_at: now }).where('id', '=', clientId).execute();
}
