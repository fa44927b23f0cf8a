/**
 * Linking without rescanning the cache (issue 20). The evidence a record is judged against (the
 * addresses, domains and folded names of clients, of the CRM companies and contacts that stand for
 * them, and of the portal users provisioned from those) is kept as keys, one row each, found by
 * index. The keys are a pure function of one row's own fields; whether a row counts as evidence
 * (its client, how it was linked, which providers are the CRM) is decided when it is read, so
 * linking never has to keep this table in step with itself.
 *
 * The folding (company names, domains of web sites) is the application's, not SQL's: triggers only
 * queue the rows whose fields changed (identity_keys_pending), and the hub computes their keys
 * before it next looks one up. Rows written by any means — another process, a test fixture, the
 * sqlite3 shell — are therefore never missed. Existing rows are queued here.
 */
export const name = 'identity-keys';

export const sql = `
CREATE TABLE identity_keys (
  subject TEXT NOT NULL CHECK (subject IN ('record', 'client', 'portal_user')),
  subject_id INTEGER NOT NULL,
  workspace_id INTEGER NOT NULL,
  key_type TEXT NOT NULL CHECK (key_type IN ('email', 'domain', 'name')),
  key TEXT NOT NULL,
  PRIMARY KEY (subject, subject_id, key_type, key)
) WITHOUT ROWID;
CREATE INDEX identity_keys_lookup ON identity_keys (workspace_id, key_type, key, subject);

CREATE TABLE identity_keys_pending (
  subject TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  PRIMARY KEY (subject, subject_id)
) WITHOUT ROWID;

CREATE TRIGGER identity_keys_record_inserted AFTER INSERT ON records WHEN NEW.kind IN ('company', 'contact')
BEGIN INSERT OR IGNORE INTO identity_keys_pending (subject, subject_id) VALUES ('record', NEW.id); END;
CREATE TRIGGER identity_keys_record_updated AFTER UPDATE OF kind, data ON records
  WHEN (NEW.kind IN ('company', 'contact') OR OLD.kind IN ('company', 'contact')) AND (NEW.kind IS NOT OLD.kind OR NEW.data IS NOT OLD.data)
BEGIN INSERT OR IGNORE INTO identity_keys_pending (subject, subject_id) VALUES ('record', NEW.id); END;
CREATE TRIGGER identity_keys_record_deleted AFTER DELETE ON records WHEN OLD.kind IN ('company', 'contact')
BEGIN
  DELETE FROM identity_keys WHERE subject = 'record' AND subject_id = OLD.id;
  DELETE FROM identity_keys_pending WHERE subject = 'record' AND subject_id = OLD.id;
END;

CREATE TRIGGER identity_keys_client_inserted AFTER INSERT ON clients
BEGIN INSERT OR IGNORE INTO identity_keys_pending (subject, subject_id) VALUES ('client', NEW.id); END;
CREATE TRIGGER identity_keys_client_renamed AFTER UPDATE OF name ON clients WHEN NEW.name IS NOT OLD.name
BEGIN INSERT OR IGNORE INTO identity_keys_pending (subject, subject_id) VALUES ('client', NEW.id); END;
CREATE TRIGGER identity_keys_client_deleted AFTER DELETE ON clients
BEGIN
  DELETE FROM identity_keys WHERE subject = 'client' AND subject_id = OLD.id;
  DELETE FROM identity_keys_pending WHERE subject = 'client' AND subject_id = OLD.id;
END;

CREATE TRIGGER identity_keys_portal_user_inserted AFTER INSERT ON portal_users
BEGIN INSERT OR IGNORE INTO identity_keys_pending (subject, subject_id) VALUES ('portal_user', NEW.id); END;
CREATE TRIGGER identity_keys_portal_user_email AFTER UPDATE OF email ON portal_users WHEN NEW.email IS NOT OLD.email
BEGIN INSERT OR IGNORE INTO identity_keys_pending (subject, subject_id) VALUES ('portal_user', NEW.id); END;
CREATE TRIGGER identity_keys_portal_user_deleted AFTER DELETE ON portal_users
BEGIN
  DELETE FROM identity_keys WHERE subject = 'portal_user' AND subject_id = OLD.id;
  DELETE FROM identity_keys_pending WHERE subject = 'portal_user' AND subject_id = OLD.id;
END;

INSERT INTO identity_keys_pending (subject, subject_id) SELECT 'record', id FROM records WHERE kind IN ('company', 'contact');
INSERT INTO identity_keys_pending (subject, subject_id) SELECT 'client', id FROM clients;
INSERT INTO identity_keys_pending (subject, subject_id) SELECT 'portal_user', id FROM portal_users;
`;
