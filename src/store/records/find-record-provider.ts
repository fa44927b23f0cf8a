import type { Queryable } from '../store.js';

/** The provider a record came from, or null when there is no such record. */
export async function findRecordProvider(q: Queryable, recordId: number): Promise<string | null> {
  const row = await q.selectFrom('records').select('provider').where('id', '=', recordId).executeTakeFirst();
  return row?.provider ?? null;
}
