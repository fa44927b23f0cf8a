import type { Queryable } from '../store.js';
import { SYNC_RUN_COLUMNS, toSyncRun, type SyncRun } from './sync-run-row.js';

/**
 * Runs still marked running whose worker stopped beating: the process died. They are
 * marked interrupted so nothing stays "running" forever; the caller schedules a resume.
 */
export async function interruptDeadSyncRuns(q: Queryable, staleAfterMs: number, now = Date.now()): Promise<SyncRun[]> {
  const rows = await q
    .updateTable('sync_runs')
    .set({ status: 'interrupted', finished_at: now, error: 'The worker running this sync stopped responding; resumed from its last saved cursor' })
    .where('status', '=', 'running')
    .where('heartbeat_at', '<', now - staleAfterMs)
    .returning(SYNC_RUN_COLUMNS)
    .execute();
  return rows.map(toSyncRun);
}
