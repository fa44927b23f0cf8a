import type { Queryable } from '../store.js';

/**
 * Parks a connection until someone chooses its account: disconnected (nothing syncs), with the
 * settings given (the caller's, with awaitingAccountChoice set). Says whether the connection exists.
 */
export async function updateConnectionAwaitingChoice(q: Queryable, connectionId: number, settings: string, now: number): Promise<boolean> {
  const result = await q.updateTable('connections').set({ status: 'disconnected', settings, updated_at: now }).where('id', '=', connectionId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
