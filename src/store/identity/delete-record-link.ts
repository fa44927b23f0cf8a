import type { Queryable } from '../store.js';

/** Forgets how a record's client was decided, a manual decision too (staff hand it back to the rules). */
export async function deleteRecordLink(q: Queryable, recordId: number): Promise<void> {
  await q.deleteFrom('record_links').where('record_id', '=', recordId).execute();
}
