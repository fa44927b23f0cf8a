/**
 * Running the hub as a service: /readyz proves the database takes a write (ops_probe, one row),
 * and staff alerts remember what they already said (ops_alerts, one row per alert key), so each
 * problem is announced once across every process and its recovery once when it clears.
 */
export const name = 'ops-health';

export const sql = `
CREATE TABLE ops_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at INTEGER NOT NULL
);

CREATE TABLE ops_alerts (
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  key TEXT NOT NULL,
  -- open: announced and still true; resolved: its recovery notice was sent
  state TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
  summary TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  resolved_at INTEGER,
  PRIMARY KEY (workspace_id, key)
);
`;
