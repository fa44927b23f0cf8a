/** Sync runs as the CLI, admin API and tests read them; the queries live in src/store/sync/. */
export type { SyncRun } from '../store/sync/sync-run-row.js';
export { listSyncRuns } from '../store/sync/list-sync-runs.js';
export { findSyncRun as getSyncRun } from '../store/sync/find-sync-run.js';
export { interruptDeadSyncRuns as interruptDeadRuns } from '../store/sync/interrupt-dead-sync-runs.js';
