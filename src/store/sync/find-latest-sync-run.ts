import type { Queryable } from '../store.js';
import { SYNC_RUN_COLUMNS, toSyncRun, type SyncRun } from './sync-run-row.js';

/** The newest run of one object type of a connection. */
export async function findLatestSyncRun(q: Queryable, connectionId: number, objectType: string): Promise<SyncRun | undefined> {
  const row = await q
    .selectFrom('sync_runs')
    .select(SYNC_RUN_COLUMNS)
    .where('connection_id', '=', connectionId)
    .where('object_type', '=', objectType)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toSyncRun(row) : undefined;
}
