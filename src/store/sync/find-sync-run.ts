import type { Queryable } from '../store.js';
import { SYNC_RUN_COLUMNS, toSyncRun, type SyncRun } from './sync-run-row.js';

export async function findSyncRun(q: Queryable, id: number): Promise<SyncRun | undefined> {
  const row = await q.selectFrom('sync_runs').select(SYNC_RUN_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toSyncRun(row) : undefined;
}
