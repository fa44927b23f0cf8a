import type { Queryable } from '../store.js';

/** The provider ids of the documents listed on one parent record. */
export async function listParentDocumentSourceIds(q: Queryable, parentRecordId: number): Promise<string[]> {
  const rows = await q.selectFrom('documents').select('source_id').where('parent_record_id', '=', parentRecordId).execute();
  return rows.map((row) => row.source_id);
}
