import type { Queryable } from '../store.js';

/** Forgets how a record's client was decided: only a rule's decision (`onlyRule`), or any, a manual one too. */
export async function deleteRecordLink(q: Queryable, recordId: number, options: { onlyRule: boolean }): Promise<void> {
  let query = q.deleteFrom('record_links').where('record_id', '=', recordId);
  if (options.onlyRule) query = query.where('manual', '=', 0);
  await query.execute();
}
