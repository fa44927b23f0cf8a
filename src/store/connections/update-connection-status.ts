import type { ConnectionStatus } from '../../connections/connection-repository.js';
import type { Queryable } from '../store.js';

/** Sets the connection's status; with `onlyFrom`, only when it is in that status now. Returns whether it changed a row. */
export async function updateConnectionStatus(q: Queryable, connectionId: number, status: ConnectionStatus, now = Date.now(), options: { onlyFrom?: ConnectionStatus } = {}): Promise<boolean> {
  let query = q.updateTable('connections').set({ status, updated_at: now }).where('id', '=', connectionId);
  if (options.onlyFrom) query = query.where('status', '=', options.onlyFrom);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
