import type { ApplyCounts } from '../sync/apply-pulled-records.js';
import { syncRecords, syncRunDuration, syncRuns } from './process-metrics.js';

/** A finished sync run in the process's counters: the run, its duration and what it wrote. */
export function countSyncRun(run: { provider: string; objectType: string; mode: string; status: 'succeeded' | 'failed'; startedAt: number }, counts: ApplyCounts): void {
  const { provider, objectType: object_type } = run;
  syncRuns.inc({ provider, object_type, mode: run.mode, status: run.status });
  syncRunDuration.observe({ provider, object_type, status: run.status }, (Date.now() - run.startedAt) / 1000);
  const changes = { added: counts.added, updated: counts.updated, unchanged: counts.unchanged + counts.stale, deleted: counts.deleted, dead_lettered: counts.deadLettered };
  for (const [change, n] of Object.entries(changes)) if (n > 0) syncRecords.inc({ provider, object_type, change }, n);
}
