import type { Queryable } from '../store.js';

/** Sets the client a record belongs to (null: nobody's): what the portal reads. Identity decisions go through setRecordClient. */
export async function updateRecordClient(q: Queryable, recordId: number, clientId: number | null): Promise<void> {
  await q.updateTable('records').set({ client_id: clientId }).where('id', '=', recordId).execute();
}
