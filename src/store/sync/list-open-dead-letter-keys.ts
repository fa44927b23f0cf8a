import type { Queryable } from '../store.js';
import { compileOnce } from '../common/prepared-query.js';

// Compiled once per number of ids: a sync page asks this for every page (compileOnce).
const selectOpen = compileOnce((q, slots) =>
  q
    .selectFrom('dead_letters')
    .select('external_id')
    .distinct()
    .where('status', '=', slots[0] as never)
    .where('connection_id', '=', slots[1] as never)
    .where('object_type', '=', slots[2] as never)
    .where('external_id', 'in', slots.slice(3) as never[]),
);

/** Which of these external ids (one object type of a connection) have an open dead letter: one query per chunk. */
export async function listOpenDeadLetterKeys(q: Queryable, connectionId: number, objectType: string, externalIds: string[]): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const rows = await selectOpen(q, externalIds.length, ['open', connectionId, objectType, ...externalIds]);
  return new Set(rows.map((row) => row.external_id!));
}
