import { loadRequestBudget, type BudgetUse } from './load-request-budget.js';
import type { AppContext } from '../../app/app-context.js';
import type { Connection } from '../../connections/connection-repository.js';
import { listWorkspaceConnections } from '../../store/connections/list-workspace-connections.js';
import { listLatestSyncRuns, type SyncRunRow } from '../../store/staff-console/list-latest-sync-runs.js';
import { listSyncCursors } from '../../store/staff-console/list-sync-cursors.js';
import { countStoredRecords } from '../../store/staff-console/count-stored-records.js';
import { countOpenDeadLetters } from '../../store/staff-console/count-open-dead-letters.js';
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

type RunRow = Pick<SyncRunRow, 'id' | 'status' | 'started_at' | 'finished_at' | 'pages' | 'added' | 'updated' | 'unchanged' | 'deleted' | 'dead_lettered' | 'estimated_total' | 'error' | 'resumes_at'> & {
  mode: string;
};

function summarise(row: RunRow, now: number): RunSummary {
  const seen = row.added + row.updated + row.unchanged + row.dead_lettered;
  const percent = row.status === 'succeeded' ? 100 : row.estimated_total ? Math.min(100, (seen / row.estimated_total) * 100) : null;
  return {
    id: row.id,
    mode: row.mode as RunSummary['mode'],
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
export async function loadSyncHealth(app: AppContext, now: number, onlyConnectionId?: number): Promise<ConnectionHealth[]> {
  const q = app.store.db;
  const intervalMs = app.config.pollIntervalSeconds * 1000;
  const connections = (await listWorkspaceConnections(q, app.workspaceId)).filter((c) => (onlyConnectionId === undefined || c.id === onlyConnectionId) && app.connectors.has(c.provider));
  const health: ConnectionHealth[] = [];
  for (const connection of connections) {
    const connector = app.connectors.get(connection.provider);
    const latest = await listLatestSyncRuns(q, connection.id);
    const lastFinished = await listLatestSyncRuns(q, connection.id, { finishedOnly: true });
    const cursors = await listSyncCursors(q, connection.id);
    const stored = await countStoredRecords(q, connection.id);
    const objects = [...connector.objectTypes]
      .sort((a, b) => a.order - b.order)
      .map(({ objectType, kind }): ObjectHealth => {
        const newest = latest.get(objectType);
        const finished = lastFinished.get(objectType);
        const running = newest?.status === 'running' ? summarise(newest, now) : null;
        // A run the provider's rate limit paused resumes when the provider said, not at the next poll.
        const nextRunAt =
          connection.status !== 'active' ? null : newest?.status === 'rate_limited' && newest.resumes_at ? Math.max(now, newest.resumes_at) : newest ? Math.max(now, newest.started_at + intervalMs) : now;
        return {
          objectType,
          kind,
          lastRun: finished ? summarise(finished, now) : null,
          running,
          cursor: cursors.get(objectType) ?? null,
          nextRunAt: running ? null : nextRunAt,
          storedRecords: stored.get(objectType) ?? 0,
        };
      });
    const lastError = connection.lastError ?? objects.map((o) => o.lastRun?.status === 'failed' ? o.lastRun.error : null).find(Boolean) ?? null;
    health.push({
      connection: { id: connection.id, provider: connection.provider, label: connection.label, status: connection.status, authType: connection.authType, lastError, consecutiveFailures: connection.consecutiveFailures, lastSuccessAt: connection.lastSuccessAt },
      providerName: connector.displayName,
      hint: describeSyncError(connector.displayName, lastError, { ...connection, variables: connector.environment }),
      objects,
      openDeadLetters: await countOpenDeadLetters(q, { connectionId: connection.id }),
      requestBudget: await loadRequestBudget(app, connection, now),
    });
  }
  return health;
}

/** Whether any run is in progress: the sync page refreshes itself only then. */
export function anySyncRunning(health: ConnectionHealth[]): boolean {
  return health.some((c) => c.objects.some((o) => o.running !== null));
}
