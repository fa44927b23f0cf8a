/**
 * Per-hook webhook secrets: providers such as Asana hand each subscription its own signing secret
 * in a handshake, instead of one app-wide key. A row is created when the hub is about to ask the
 * provider for a hook (expecting its handshake for a few minutes); the secret arrives sealed
 * (AES-256-GCM, like every credential) with the handshake.
 */
export const name = 'webhook-secrets';

export const sql = `
CREATE TABLE webhook_secrets (
  id INTEGER PRIMARY KEY,
  provider TEXT NOT NULL,
  -- what the hub put in the URL it registered (?hook=...), so a delivery names its secret
  hook_id TEXT NOT NULL,
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  secret_sealed TEXT,
  -- the provider's id for the hook, once its create call returned
  remote_id TEXT,
  -- a handshake is accepted only until then: nobody else can plant a secret
  handshake_expected_until INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (provider, hook_id)
);
CREATE INDEX webhook_secrets_by_connection ON webhook_secrets (connection_id);
`;
