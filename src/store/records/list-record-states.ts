import type { Queryable } from '../store.js';
import type { RecordState } from './find-record-state.js';
import { compileOnce } from '../common/prepared-query.js';

// Compiled once per number of ids: every sync page asks this (compileOnce).
const selectStates = compileOnce((q, slots) =>
  q
    .selectFrom('records')
    .select(['id', 'external_id', 'content_hash', 'source_updated_at', 'deleted', 'version'])
    .where('connection_id', '=', slots[0] as never)
    .where('object_type', '=', slots[1] as never)
    .where('external_id', 'in', slots.slice(2) as never[]),
);

/**
 * The stored versions of many records of one object type of a connection, by external id (absent
 * ones are missing from the map): one query for a whole chunk instead of one per record.
 */
export async function listRecordStates(q: Queryable, connectionId: number, objectType: string, externalIds: string[]): Promise<Map<string, RecordState>> {
  const states = new Map<string, RecordState>();
  if (externalIds.length === 0) return states;
  const rows = await selectStates(q, externalIds.length, [connectionId, objectType, ...externalIds]);
  for (const row of rows) {
    states.set(row.external_id, { id: row.id, contentHash: row.content_hash, sourceUpdatedAt: row.source_updated_at, deleted: row.deleted === 1, version: row.version });
  }
  return states;
}
