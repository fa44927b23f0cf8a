/**
 * Identity resolution (issue 6): how each record came to belong to a client, the review queue
 * for what the rules will not decide alone, merged clients; and cross-process concurrency
 * slots for providers that cap parallel calls (Xero: 5 per organisation).
 */
export const name = 'identity-links';

export const sql = `
-- records.client_id stays the one answer the portal reads; this says how it was reached.
-- A manual row with client_id NULL is staff saying "this belongs to nobody": sync never relinks it.
CREATE TABLE record_links (
  record_id INTEGER PRIMARY KEY REFERENCES records(id),
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  client_id INTEGER REFERENCES clients(id),
  method TEXT NOT NULL CHECK (method IN ('provisioning', 'association', 'explicit_id', 'email', 'domain', 'name', 'manual')),
  detail TEXT NOT NULL DEFAULT '{}',
  confidence REAL NOT NULL,
  manual INTEGER NOT NULL DEFAULT 0,
  decided_by TEXT,
  decided_at INTEGER NOT NULL
);
CREATE INDEX record_links_by_client ON record_links (client_id);

CREATE TABLE link_reviews (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  record_id INTEGER NOT NULL REFERENCES records(id),
  reason TEXT NOT NULL CHECK (reason IN ('suggestion', 'conflict')),
  candidates TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  resolved_by TEXT,
  resolution TEXT
);
CREATE UNIQUE INDEX link_reviews_open ON link_reviews (record_id) WHERE status = 'open';
CREATE INDEX link_reviews_by_status ON link_reviews (workspace_id, status, created_at);

ALTER TABLE clients ADD COLUMN merged_into_client_id INTEGER REFERENCES clients(id);
CREATE INDEX records_unlinked ON records (workspace_id, kind) WHERE client_id IS NULL AND deleted = 0;

CREATE TABLE concurrency_slots (
  key TEXT NOT NULL,
  slot INTEGER NOT NULL,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (key, slot)
);
`;
