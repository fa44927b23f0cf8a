import type { Queryable } from '../store.js';

/**
 * Removes documents of one parent record: those with the given provider ids, or all of them when
 * none are given. Returns how many rows went.
 */
export async function deleteParentDocuments(q: Queryable, parentRecordId: number, sourceIds?: readonly string[]): Promise<number> {
  if (sourceIds !== undefined && sourceIds.length === 0) return 0;
  let query = q.deleteFrom('documents').where('parent_record_id', '=', parentRecordId);
  if (sourceIds !== undefined) query = query.where('source_id', 'in', sourceIds);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
