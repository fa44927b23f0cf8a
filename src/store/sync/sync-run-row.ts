import type { Selectable } from 'kysely';
import type { SyncRuns } from '../schema.js';

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

export const SYNC_RUN_COLUMNS = [
  'id', 'connection_id', 'object_type', 'mode', 'status', 'worker_id', 'started_at', 'heartbeat_at', 'finished_at', 'pages', 'added',
  'updated', 'unchanged', 'deleted', 'dead_lettered', 'cursor_start', 'cursor_end', 'resumed_from_run_id', 'error', 'resumes_at',
] as const;

export type SyncRunRow = Pick<Selectable<SyncRuns>, (typeof SYNC_RUN_COLUMNS)[number]>;

export function toSyncRun(row: SyncRunRow): SyncRun {
  return {
    id: row.id,
    connectionId: row.connection_id,
    objectType: row.object_type,
    mode: row.mode as SyncRun['mode'],
    status: row.status as SyncRun['status'],
    workerId: row.worker_id,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    finishedAt: row.finished_at,
    pages: row.pages,
    added: row.added,
    updated: row.updated,
    unchanged: row.unchanged,
    deleted: row.deleted,
    deadLettered: row.dead_lettered,
    cursorStart: row.cursor_start,
    cursorEnd: row.cursor_end,
    resumedFromRunId: row.resumed_from_run_id,
    error: row.error,
    resumesAt: row.resumes_at,
  };
}
