import type { Queryable } from '../store.js';
import { SYNC_RUN_COLUMNS, toSyncRun, type SyncRun } from './sync-run-row.js';

/** The newest runs first, of one connection or all. */
export async function listSyncRuns(q: Queryable, filter: { connectionId?: number; limit?: number } = {}): Promise<SyncRun[]> {
  let query = q.selectFrom('sync_runs').select(SYNC_RUN_COLUMNS);
  if (filter.connectionId != null) query = query.where('connection_id', '=', filter.connectionId);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit ?? 50).execute();
  return rows.map(toSyncRun);
}
