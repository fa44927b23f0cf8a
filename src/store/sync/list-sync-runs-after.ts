import type { Queryable } from '../store.js';

/** A run as `clienthub sync` reports it: with its connection's provider and its progress. */
export interface ReportedSyncRun {
  id: number;
  connectionId: number;
  provider: string;
  objectType: string;
  mode: string;
  status: string;
  startedAt: number;
  finishedAt: number | null;
  pages: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  deadLettered: number;
  estimatedTotal: number | null;
  cursorEnd: string | null;
  error: string | null;
}

/** The runs (every connection's) with an id above `afterId`, oldest first. */
export async function listSyncRunsAfter(q: Queryable, afterId: number): Promise<ReportedSyncRun[]> {
  const rows = await q
    .selectFrom('sync_runs as r')
    .innerJoin('connections as c', 'c.id', 'r.connection_id')
    .select([
      'r.id', 'r.connection_id', 'c.provider', 'r.object_type', 'r.mode', 'r.status', 'r.started_at', 'r.finished_at', 'r.pages', 'r.added', 'r.updated',
      'r.unchanged', 'r.deleted', 'r.dead_lettered', 'r.estimated_total', 'r.cursor_end', 'r.error',
    ])
    .where('r.id', '>', afterId)
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    connectionId: r.connection_id,
    provider: r.provider,
    objectType: r.object_type,
    mode: r.mode,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    pages: r.pages,
    added: r.added,
    updated: r.updated,
    unchanged: r.unchanged,
    deleted: r.deleted,
    deadLettered: r.dead_lettered,
    estimatedTotal: r.estimated_total,
    cursorEnd: r.cursor_end,
    error: r.error,
  }));
}
