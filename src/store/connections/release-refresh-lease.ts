import type { Queryable } from '../store.js';

/**
 * Gives the token-refresh lease back, only if it is still the one taken until `until`: a lease
 * that expired and was taken by another process is left to that process.
 */
export async function releaseRefreshLease(q: Queryable, connectionId: number, until: number): Promise<void> {
  await q.updateTable('connections').set({ refresh_lock_until: null }).where('id', '=', connectionId).where('refresh_lock_until', '=', until).execute();
}
