import type { Queryable } from '../store.js';

/** When a record's files were last listed; null: not listed (listed again once it is linked and listable). */
export async function updateRecordDocumentsListed(q: Queryable, recordId: number, at: number | null): Promise<void> {
  await q.updateTable('records').set({ documents_listed_at: at }).where('id', '=', recordId).execute();
}
