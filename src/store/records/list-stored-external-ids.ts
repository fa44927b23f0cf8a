import type { Queryable } from '../store.js';

/** Which of these provider ids a connection already holds under an object type (deleted or not): one query. */
export async function listStoredExternalIds(q: Queryable, connectionId: number, objectType: string, externalIds: readonly string[]): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const rows = await q
    .selectFrom('records')
    .select('external_id')
    .where('connection_id', '=', connectionId)
    .where('object_type', '=', objectType)
    .where('external_id', 'in', externalIds)
    .execute();
  return new Set(rows.map((row) => row.external_id));
}
