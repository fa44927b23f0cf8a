import type { Db } from '../db/open-database.js';

export interface SyncRun {
  id: number;
  connectionId: number;
  objectType: string;
  mode: 'backfill' | 'incremental';
  /** rate_limited: the provider asked for a long pause; the run's job resumes from its cursor at resumesAt. */
  status: 'running' | 'succeeded' | 'failed' | 'interrupted' | 'rate_limited';
  workerId: string;
  startedAt: number;
  heartbeatAt: number;
  finishedAt: number | null;
  pages: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  deadLettered: number;
  cursorStart: string | null;
  cursorEnd: string | null;
  resumedFromRunId: number | null;
  error: string | null;
  resumesAt: number | null;
}

const COLUMNS = `id, connection_id AS connectionId, object_type AS objectType, mode, status, worker_id AS workerId,
  started_at AS startedAt, heartbeat_at AS heartbeatAt, finished_at AS finishedAt, pages, added, updated, unchanged,
  deleted, dead_lettered AS deadLettered, cursor_start AS cursorStart, cursor_end AS cursorEnd,
  resumed_from_run_id AS resumedFromRunId, error, resumes_at AS resumesAt`;

export function listSyncRuns(db: Db, filter: { connectionId?: number; limit?: number } = {}): SyncRun[] {
  const where = filter.connectionId != null ? 'WHERE connection_id = ?' : '';
  const params = filter.connectionId != null ? [filter.connectionId] : [];
  return db
    .prepare(`SELECT ${COLUMNS} FROM sync_runs ${where} ORDER BY id DESC LIMIT ?`)
    .all(...params, filter.limit ?? 50) as SyncRun[];
}

export function getSyncRun(db: Db, id: number): SyncRun | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM sync_runs WHERE id = ?`).get(id) as SyncRun | undefined;
}

/**
 * Runs still marked running whose worker stopped beating: the process died. They are
 * marked interrupted so nothing stays "running" forever; the caller schedules a resume.
 */
export function interruptDeadRuns(db: Db, staleAfterMs: number, now = Date.now()): SyncRun[] {
  return db
    .prepare(
      `UPDATE sync_runs SET status = 'interrupted', finished_at = ?, error = 'The worker running this sync stopped responding; resumed from its last saved cursor'
       WHERE status = 'running' AND heartbeat_at < ? RETURNING ${COLUMNS}`,
    )
    .all(now, now - staleAfterMs) as SyncRun[];
}
