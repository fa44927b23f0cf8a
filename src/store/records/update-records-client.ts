import type { Queryable } from '../store.js';

/** Gives records to a client; with onlyUnowned, only those no client holds yet. */
export async function updateRecordsClient(q: Queryable, recordIds: readonly number[], clientId: number, options: { onlyUnowned?: boolean } = {}): Promise<number> {
  if (recordIds.length === 0) return 0;
  let query = q.updateTable('records').set({ client_id: clientId }).where('id', 'in', recordIds);
  if (options.onlyUnowned) query = query.where('client_id', 'is', null);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
