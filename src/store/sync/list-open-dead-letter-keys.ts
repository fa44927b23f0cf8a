import type { Queryable } from '../store.js';

/** Which of these external ids (one object type of a connection) have an open dead letter: one query per chunk. */
export async function listOpenDeadLetterKeys(q: Queryable, connectionId: number, objectType: string, externalIds: string[]): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const rows = await q
    .selectFrom('dead_letters')
    .select('external_id')
    .distinct()
    .where('status', '=', 'open')
    .where('connection_id', '=', connectionId)
    .where('object_type', '=', objectType)
    .where('external_id', 'in', externalIds)
    .execute();
  return new Set(rows.map((row) => row.external_id!));
}
