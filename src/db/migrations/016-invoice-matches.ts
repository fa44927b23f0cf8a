/**
 * Cross-system invoice matching (issue 18): the same bill kept in two systems (a Stripe invoice
 * synced into Xero or QuickBooks) is recognised and shown once. Groups are recomputed from the
 * cache; staff decisions on a pair are final; doubtful pairs wait in a review queue.
 */
export const name = 'invoice-matches';

export const sql = `
-- One row per invoice that belongs to a group of two or more mirrored invoices. group_id is the
-- record id of the group's system-of-record invoice (the one shown); it has a row too.
CREATE TABLE invoice_matches (
  record_id INTEGER PRIMARY KEY REFERENCES records(id),
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  client_id INTEGER NOT NULL REFERENCES clients(id),
  group_id INTEGER NOT NULL REFERENCES records(id),
  method TEXT NOT NULL CHECK (method IN ('system_of_record', 'reference', 'number', 'amount_date', 'manual')),
  confidence REAL NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}',
  decided_at INTEGER NOT NULL
);
CREATE INDEX invoice_matches_by_client ON invoice_matches (client_id, group_id);

-- Staff said two invoices are (or are not) the same bill: final, never overridden by the matcher.
CREATE TABLE invoice_match_decisions (
  record_a INTEGER NOT NULL REFERENCES records(id),
  record_b INTEGER NOT NULL REFERENCES records(id),
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  decision TEXT NOT NULL CHECK (decision IN ('same', 'different')),
  decided_by TEXT NOT NULL,
  decided_at INTEGER NOT NULL,
  PRIMARY KEY (record_a, record_b),
  CHECK (record_a < record_b)
);

-- Pairs the matcher will not merge alone: conflicting evidence, or a likeness that is not unique.
CREATE TABLE invoice_match_reviews (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  client_id INTEGER NOT NULL REFERENCES clients(id),
  record_a INTEGER NOT NULL REFERENCES records(id),
  record_b INTEGER NOT NULL REFERENCES records(id),
  reason TEXT NOT NULL CHECK (reason IN ('conflict', 'suggestion')),
  evidence TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'withdrawn')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  resolved_by TEXT,
  resolution TEXT,
  CHECK (record_a < record_b)
);
CREATE UNIQUE INDEX invoice_match_reviews_open ON invoice_match_reviews (record_a, record_b) WHERE status = 'open';
CREATE INDEX invoice_match_reviews_by_status ON invoice_match_reviews (workspace_id, status, created_at);

-- The portal user's time zone (IANA name sent by the browser), for dates shown to them. NULL: UTC.
ALTER TABLE portal_users ADD COLUMN time_zone TEXT;
`;
