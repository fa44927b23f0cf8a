/**
 * The staff console (issue 8): the business's own people, apart from client portal users. Their
 * own users, sign-in links and sessions (a client session can never be mistaken for a staff one,
 * and the other way round, because they live in different tables); which staff member started an
 * OAuth connect (the callback must come back to that same staff member's session); and the
 * size a provider announced for a pull, for the progress bar of a backfill.
 */
export const name = 'staff';

export const sql = `
CREATE TABLE staff_users (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  email TEXT NOT NULL COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'operator', 'viewer')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at INTEGER NOT NULL,
  last_sign_in_at INTEGER,
  UNIQUE (workspace_id, email)
);

-- Sign-in links: only a keyed hash of the token is stored; single use, 10 minutes.
CREATE TABLE staff_auth_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  staff_user_id INTEGER NOT NULL REFERENCES staff_users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  revoked_at INTEGER
);

CREATE TABLE staff_sessions (
  id_hash TEXT PRIMARY KEY,
  staff_user_id INTEGER NOT NULL REFERENCES staff_users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ended_at INTEGER,
  user_agent TEXT,
  ip TEXT
);
CREATE INDEX staff_sessions_by_user ON staff_sessions (staff_user_id);

ALTER TABLE oauth_states ADD COLUMN staff_user_id INTEGER REFERENCES staff_users(id);
ALTER TABLE sync_runs ADD COLUMN estimated_total INTEGER;

CREATE INDEX audit_by_action ON audit_log (action, at);
CREATE INDEX audit_by_actor ON audit_log (actor_type, actor_id, at);
`;
