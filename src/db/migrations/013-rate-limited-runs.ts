/**
 * A sync run the provider's rate limit stopped is not a failed one: it stops at a saved cursor and
 * its job resumes when the provider allows (status 'rate_limited', `resumes_at`). SQLite cannot
 * change a CHECK constraint in place, so sync_runs is rebuilt: the old table is renamed aside (its
 * self-reference follows it), the new one created and filled, the old one dropped — with foreign keys
 * on, nothing ever points at a missing run. Nothing but sync_runs itself references sync_runs.
 */
export const name = 'rate-limited-runs';

export const sql = `
DROP INDEX sync_runs_by_connection;
DROP INDEX sync_runs_running;
ALTER TABLE sync_runs RENAME TO sync_runs_before_8;
CREATE TABLE sync_runs (
  id INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  object_type TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('backfill', 'incremental')),
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted', 'rate_limited')),
  worker_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL,
  finished_at INTEGER,
  pages INTEGER NOT NULL DEFAULT 0,
  added INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  dead_lettered INTEGER NOT NULL DEFAULT 0,
  cursor_start TEXT,
  cursor_end TEXT,
  resumed_from_run_id INTEGER REFERENCES sync_runs(id),
  error TEXT,
  estimated_total INTEGER,
  resumes_at INTEGER
);
INSERT INTO sync_runs (id, connection_id, object_type, mode, status, worker_id, started_at, heartbeat_at, finished_at, pages, added, updated,
  unchanged, deleted, dead_lettered, cursor_start, cursor_end, resumed_from_run_id, error, estimated_total)
SELECT id, connection_id, object_type, mode, status, worker_id, started_at, heartbeat_at, finished_at, pages, added, updated,
  unchanged, deleted, dead_lettered, cursor_start, cursor_end, resumed_from_run_id, error, estimated_total FROM sync_runs_before_8;
DROP TABLE sync_runs_before_8;
CREATE INDEX sync_runs_by_connection ON sync_runs (connection_id, object_type, started_at DESC);
CREATE INDEX sync_runs_running ON sync_runs (status, heartbeat_at) WHERE status = 'running';
`;
