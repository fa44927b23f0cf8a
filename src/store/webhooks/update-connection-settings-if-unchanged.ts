import type { Queryable } from '../store.js';

/**
 * Replaces a connection's settings only if they are still `expected` (compare and set): two deliveries
 * teaching one connection different account ids at once cannot both win. Says whether it changed them.
 */
export async function updateConnectionSettingsIfUnchanged(q: Queryable, connectionId: number, expected: string, settings: string): Promise<boolean> {
  const result = await q.updateTable('connections').set({ settings }).where('id', '=', connectionId).where('settings', '=', expected).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
