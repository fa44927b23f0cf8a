import type { Updateable } from 'kysely';
import type { SyncRuns } from '../schema.js';
import type { Queryable } from '../store.js';

export type SyncRunChange = Pick<Updateable<SyncRuns>, 'status' | 'finished_at' | 'heartbeat_at' | 'resumes_at' | 'error' | 'deleted'>;

/** Sets a run's status, finish, error or deletion count; with `onlyRunning`, only while it is still running (a heartbeat). */
export async function updateSyncRun(q: Queryable, runId: number, change: SyncRunChange, options: { onlyRunning?: boolean } = {}): Promise<void> {
  let query = q.updateTable('sync_runs').set(change).where('id', '=', runId);
  if (options.onlyRunning) query = query.where('status', '=', 'running');
  await query.execute();
}
