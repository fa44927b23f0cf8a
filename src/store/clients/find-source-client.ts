import type { Queryable } from '../store.js';

/** The client a record (a CRM company) is the source of, or undefined. */
export async function findSourceClient(q: Queryable, recordId: number): Promise<number | undefined> {
  const row = await q.selectFrom('client_sources').select('client_id').where('record_id', '=', recordId).executeTakeFirst();
  return row?.client_id;
}
