import type { Queryable } from '../store.js';

export async function updateClientStatus(q: Queryable, clientId: number, status: 'active' | 'offboarded', now: number): Promise<void> {
  await q.updateTable('clients').set({ status, updated_at: now }).where('id', '=', clientId).execute();
}
