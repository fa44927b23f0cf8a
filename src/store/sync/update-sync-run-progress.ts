import type { Queryable } from '../store.js';

export interface SyncRunProgress {
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  deadLettered: number;
  cursorEnd: string;
  /** The provider's own count, for the console's progress bar (kept when a page has none). */
  estimatedTotal: number | null;
  at: number;
}

/** One more page written: the run's counters and cursor move with it (call in the page's transaction). */
export async function updateSyncRunProgress(q: Queryable, runId: number, progress: SyncRunProgress): Promise<void> {
  await q
    .updateTable('sync_runs')
    .set((eb) => ({
      pages: eb('pages', '+', 1),
      added: progress.added,
      updated: progress.updated,
      unchanged: progress.unchanged,
      deleted: progress.deleted,
      dead_lettered: progress.deadLettered,
      heartbeat_at: progress.at,
      cursor_end: progress.cursorEnd,
      estimated_total: eb.fn.coalesce(eb.val(progress.estimatedTotal), eb.ref('estimated_total')),
    }))
    .where('id', '=', runId)
    .execute();
}
