import type { Queryable } from '../store.js';

/** A record's object type and provider id (what a connector needs to reach it), or undefined when there is none. */
export async function findRecordSourceKey(q: Queryable, recordId: number): Promise<{ objectType: string; externalId: string } | undefined> {
  const row = await q.selectFrom('records').select(['object_type as objectType', 'external_id as externalId']).where('id', '=', recordId).executeTakeFirst();
  return row;
}
