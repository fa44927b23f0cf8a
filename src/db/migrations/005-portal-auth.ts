/**
 * Portal sign-in hardening and notifications (issue 7):
 * - sign-in links remember the browser that asked for them (a keyed hash of a short-lived cookie nonce);
 * - optional passwords (argon2id, PHC-encoded so the cost can be raised later) and TOTP two-factor with
 *   single-use recovery codes, the TOTP secret sealed at rest like every credential;
 * - each session carries its second-factor state, so a half-signed-in session opens nothing but the 2FA step;
 * - per-user notification preferences and the digest cursor (the last record_changes id mailed);
 * - extra mail headers in the outbox (List-Unsubscribe, RFC 8058).
 */
export const name = 'portal-auth';

export const sql = `
ALTER TABLE auth_tokens ADD COLUMN browser_hash TEXT;

ALTER TABLE portal_users ADD COLUMN password_hash TEXT;
ALTER TABLE portal_users ADD COLUMN password_changed_at INTEGER;
ALTER TABLE portal_users ADD COLUMN notify_mode TEXT NOT NULL DEFAULT 'off' CHECK (notify_mode IN ('off', 'immediate', 'daily'));
ALTER TABLE portal_users ADD COLUMN notify_after_change_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE portal_users ADD COLUMN notified_at INTEGER;
CREATE INDEX portal_users_notify ON portal_users (notify_mode) WHERE notify_mode != 'off';

CREATE TABLE portal_user_totp (
  user_id INTEGER PRIMARY KEY REFERENCES portal_users(id),
  -- base32 secret, AES-256-GCM sealed with the workspace key
  secret_sealed TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  -- NULL while enrolment waits for the first correct code
  confirmed_at INTEGER,
  -- the last TOTP time step accepted: a code is never accepted twice (replay)
  last_time_step INTEGER
);

CREATE TABLE recovery_codes (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES portal_users(id),
  code_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  used_at INTEGER,
  UNIQUE (user_id, code_hash)
);

-- not_required: no second factor applies; pending: TOTP code still to give; enrol_required: the workspace
-- requires 2FA and the user has none yet; verified: the second factor was given in this session.
ALTER TABLE sessions ADD COLUMN mfa_state TEXT NOT NULL DEFAULT 'not_required' CHECK (mfa_state IN ('not_required', 'pending', 'enrol_required', 'verified'));
ALTER TABLE sessions ADD COLUMN mfa_verified_at INTEGER;
ALTER TABLE sessions ADD COLUMN auth_method TEXT;

ALTER TABLE outbox_messages ADD COLUMN headers TEXT;
`;
