import { loadRequestBudget, type BudgetUse } from './load-request-budget.js';
import type { AppContext } from '../../app/app-context.js';
import { listConnections, type Connection } from '../../connections/connection-repository.js';
import { describeSyncError } from './describe-sync-error.js';

export interface ObjectHealth {
  objectType: string;
  kind: string;
  lastRun: RunSummary | null;
  /** The run in progress, if any: its progress bar and the page's auto-refresh come from it. */
  running: RunSummary | null;
  cursor: string | null;
  /** When the scheduler will next start a pull (null: not scheduled, the connection is not active). */
  nextRunAt: number | null;
  storedRecords: number;
}

export interface RunSummary {
  id: number;
  mode: 'backfill' | 'incremental';
  status: string;
  startedAt: number;
  finishedAt: number | null;
  durationMs: number | null;
  pages: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  deadLettered: number;
  estimatedTotal: number | null;
  /** Records seen by this run over the provider's estimate, 0–100; null without an estimate. */
  percent: number | null;
  error: string | null;
  /** For a run a provider's rate limit paused (status rate_limited): when its job resumes. */
  resumesAt: number | null;
}

export interface ConnectionHealth {
  connection: Pick<Connection, 'id' | 'provider' | 'label' | 'status' | 'authType' | 'lastError' | 'consecutiveFailures' | 'lastSuccessAt'>;
  providerName: string;
  hint: string | null;
  objects: ObjectHealth[];
  openDeadLetters: number;
  /** Request budgets in use now (pacing shared by every process). */
  requestBudget: BudgetUse[];
}

interface RunRow {
  id: number;
  mode: 'backfill' | 'incremental';
  status: string;
  started_at: number;
  finished_at: number | null;
  heartbeat_at: number;
  pages: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  dead_lettered: number;
  estimated_total: number | null;
  error: string | null;
  resumes_at: number | null;
}

function summarise(row: RunRow, now: number): RunSummary {
  const seen = row.added + row.updated + row.unchanged + row.dead_lettered;
  const percent = row.status === 'succeeded' ? 100 : row.estimated_total ? Math.min(100, (seen / row.estimated_total) * 100) : null;
  return {
    id: row.id,
    mode: row.mode,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: (row.finished_at ?? now) - row.started_at,
    pages: row.pages,
    added: row.added,
    updated: row.updated,
    unchanged: row.unchanged,
    deleted: row.deleted,
    deadLettered: row.dead_lettered,
    estimatedTotal: row.estimated_total,
    percent,
    error: row.error,
    resumesAt: row.resumes_at ?? null,
  };
}

/** Sync health of every connection of the workspace (or one), per object type, in pull order. */
export function loadSyncHealth(app: AppContext, now: number, onlyConnectionId?: number): ConnectionHealth[] {
  const { db } = app;
  const intervalMs = app.config.pollIntervalSeconds * 1000;
  const latest = db.prepare('SELECT * FROM sync_runs WHERE connection_id = ? AND object_type = ? ORDER BY id DESC LIMIT 1');
  const lastFinished = db.prepare(`SELECT * FROM sync_runs WHERE connection_id = ? AND object_type = ? AND status != 'running' ORDER BY id DESC LIMIT 1`);
  const cursorOf = db.prepare('SELECT cursor FROM sync_cursors WHERE connection_id = ? AND object_type = ?');
  const stored = db.prepare('SELECT COUNT(*) AS n FROM records WHERE connection_id = ? AND object_type = ? AND deleted = 0');
  const deadLetters = db.prepare(`SELECT COUNT(*) AS n FROM dead_letters WHERE connection_id = ? AND status = 'open'`);
  return listConnections(db)
    .filter((c) => c.workspaceId === app.workspaceId && (onlyConnectionId === undefined || c.id === onlyConnectionId) && app.connectors.has(c.provider))
    .map((connection) => {
      const connector = app.connectors.get(connection.provider);
      const objects = [...connector.objectTypes]
        .sort((a, b) => a.order - b.order)
        .map(({ objectType, kind }): ObjectHealth => {
          const newest = latest.get(connection.id, objectType) as RunRow | undefined;
          const finished = lastFinished.get(connection.id, objectType) as RunRow | undefined;
          const running = newest?.status === 'running' ? summarise(newest, now) : null;
          // A run the provider's rate limit paused resumes when the provider said, not at the next poll.
          const nextRunAt =
            connection.status !== 'active' ? null : newest?.status === 'rate_limited' && newest.resumes_at ? Math.max(now, newest.resumes_at) : newest ? Math.max(now, newest.started_at + intervalMs) : now;
          return {
            objectType,
            kind,
            lastRun: finished ? summarise(finished, now) : null,
            running,
            cursor: (cursorOf.get(connection.id, objectType) as { cursor: string | null } | undefined)?.cursor ?? null,
            nextRunAt: running ? null : nextRunAt,
            storedRecords: (stored.get(connection.id, objectType) as { n: number }).n,
          };
        });
      const lastError = connection.lastError ?? objects.map((o) => o.lastRun?.status === 'failed' ? o.lastRun.error : null).find(Boolean) ?? null;
      return {
        connection: { id: connection.id, provider: connection.provider, label: connection.label, status: connection.status, authType: connection.authType, lastError, consecutiveFailures: connection.consecutiveFailures, lastSuccessAt: connection.lastSuccessAt },
        providerName: connector.displayName,
        hint: describeSyncError(connector.displayName, lastError, { ...connection, variables: connector.environment }),
        objects,
        openDeadLetters: (deadLetters.get(connection.id) as { n: number }).n,
        requestBudget: loadRequestBudget(app, connection, now),
      };
    });
}

/** Whether any run is in progress: the sync page refreshes itself only then. */
export function anySyncRunning(health: ConnectionHealth[]): boolean {
  return health.some((c) => c.objects.some((o) => o.running !== null));
}
