/** The first schema: the unified cache, sync bookkeeping, portal accounts, mail outbox, audit. */
export const name = 'initial';

export const sql = `
CREATE TABLE workspaces (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE connections (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  provider TEXT NOT NULL,
  label TEXT NOT NULL,
  auth_type TEXT NOT NULL CHECK (auth_type IN ('token', 'oauth')),
  -- AES-256-GCM sealed JSON: tokens and secrets never sit in plain text
  credentials_sealed TEXT,
  settings TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'unhealthy', 'disconnected')),
  last_error TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  last_success_at INTEGER,
  refresh_lock_until INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (workspace_id, provider, label)
);

CREATE TABLE provider_metadata (
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  fetched_at INTEGER NOT NULL,
  PRIMARY KEY (connection_id, key)
);

CREATE TABLE sync_cursors (
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  object_type TEXT NOT NULL,
  cursor TEXT,
  updated_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  PRIMARY KEY (connection_id, object_type)
);

CREATE TABLE sync_runs (
  id INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  object_type TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('backfill', 'incremental')),
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
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
  error TEXT
);
CREATE INDEX sync_runs_by_connection ON sync_runs (connection_id, object_type, started_at DESC);
CREATE INDEX sync_runs_running ON sync_runs (status, heartbeat_at) WHERE status = 'running';

CREATE TABLE clients (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'offboarded')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE records (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  provider TEXT NOT NULL,
  object_type TEXT NOT NULL,
  external_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  data TEXT NOT NULL,
  raw TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  source_updated_at INTEGER,
  synced_at INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  client_id INTEGER REFERENCES clients(id),
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (connection_id, object_type, external_id)
);
CREATE INDEX records_by_client ON records (client_id, kind) WHERE client_id IS NOT NULL;
CREATE INDEX records_by_kind ON records (workspace_id, kind);
-- Relations point at other records by provider id (a contact's company): found by kind and id, per connection.
CREATE INDEX records_by_external_id ON records (connection_id, kind, external_id);

-- What changed, in order: feeds the activity timeline and lets tests see writes.
CREATE TABLE record_changes (
  id INTEGER PRIMARY KEY,
  record_id INTEGER NOT NULL REFERENCES records(id),
  change TEXT NOT NULL CHECK (change IN ('created', 'updated', 'deleted')),
  version INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX record_changes_by_record ON record_changes (record_id);

-- One row per deal that provisioned a client: the uniqueness is what makes it exactly once.
CREATE TABLE provisionings (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  deal_record_id INTEGER NOT NULL UNIQUE REFERENCES records(id),
  client_id INTEGER NOT NULL REFERENCES clients(id),
  created_at INTEGER NOT NULL
);

-- Which provider record stands for which client company (the CRM company that was provisioned).
CREATE TABLE client_sources (
  client_id INTEGER NOT NULL REFERENCES clients(id),
  record_id INTEGER NOT NULL UNIQUE REFERENCES records(id),
  how TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (client_id, record_id)
);

CREATE TABLE portal_users (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  client_id INTEGER NOT NULL REFERENCES clients(id),
  email TEXT NOT NULL COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'client_admin' CHECK (role IN ('client_admin', 'member', 'billing')),
  contact_record_id INTEGER REFERENCES records(id),
  status TEXT NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'disabled')),
  created_at INTEGER NOT NULL,
  last_sign_in_at INTEGER,
  UNIQUE (workspace_id, email)
);

-- Magic links and invitations: only a hash of the token is stored.
CREATE TABLE auth_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES portal_users(id),
  purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'sign_in')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  revoked_at INTEGER
);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES portal_users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ended_at INTEGER,
  user_agent TEXT,
  ip TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Transactional outbox: mail is queued in the same transaction as the change that causes it.
CREATE TABLE outbox_messages (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  kind TEXT NOT NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  -- a sender claims a message before sending it, so two workers never send it twice
  claimed_until INTEGER,
  delivered_to TEXT
);
CREATE INDEX outbox_pending ON outbox_messages (status) WHERE status = 'pending';

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER REFERENCES workspaces(id),
  at INTEGER NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  action TEXT NOT NULL,
  subject_type TEXT,
  subject_id TEXT,
  client_id INTEGER,
  ip TEXT,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_by_time ON audit_log (at);
CREATE INDEX audit_by_client ON audit_log (client_id, at);

CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY,
  provider TEXT NOT NULL,
  connection_id INTEGER REFERENCES connections(id),
  received_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
  reason TEXT,
  headers TEXT NOT NULL,
  body TEXT NOT NULL,
  event_count INTEGER NOT NULL DEFAULT 0,
  duplicate_count INTEGER NOT NULL DEFAULT 0,
  remote_ip TEXT
);

CREATE TABLE webhook_events (
  id INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  provider TEXT NOT NULL,
  event_id TEXT NOT NULL,
  delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id),
  object_type TEXT NOT NULL,
  external_id TEXT NOT NULL,
  occurred_at INTEGER,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'failed')),
  error TEXT,
  processed_at INTEGER,
  UNIQUE (connection_id, event_id)
);

CREATE TABLE dead_letters (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  connection_id INTEGER REFERENCES connections(id),
  provider TEXT NOT NULL,
  object_type TEXT NOT NULL,
  external_id TEXT,
  stage TEXT NOT NULL CHECK (stage IN ('mapping', 'processing')),
  reason TEXT NOT NULL,
  payload TEXT NOT NULL,
  source_updated_at INTEGER,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed', 'discarded')),
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  note TEXT
);
CREATE INDEX dead_letters_open ON dead_letters (status, created_at);

-- The in-process job queue: durable, so a restart loses nothing.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  payload TEXT NOT NULL,
  dedupe_key TEXT,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  run_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  locked_by TEXT,
  locked_until INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX jobs_ready ON jobs (status, run_at);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key) WHERE dedupe_key IS NOT NULL AND status = 'queued';

-- Request budgets per provider account, shared by every process on this data directory.
CREATE TABLE rate_windows (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  used INTEGER NOT NULL
);

CREATE TABLE oauth_states (
  state_hash TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  redirect_uri TEXT NOT NULL,
  code_verifier TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
`;
