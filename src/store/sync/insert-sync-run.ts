import type { Queryable } from '../store.js';

export interface NewSyncRun {
  connectionId: number;
  objectType: string;
  mode: 'backfill' | 'incremental';
  workerId: string;
  startedAt: number;
  cursorStart: string | null;
  resumedFromRunId: number | null;
}

/** A run starting now, status running; returns its id. */
export async function insertSyncRun(q: Queryable, run: NewSyncRun): Promise<number> {
  const row = await q
    .insertInto('sync_runs')
    .values({
      connection_id: run.connectionId,
      object_type: run.objectType,
      mode: run.mode,
      status: 'running',
      worker_id: run.workerId,
      started_at: run.startedAt,
      heartbeat_at: run.startedAt,
      cursor_start: run.cursorStart,
      resumed_from_run_id: run.resumedFromRunId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
