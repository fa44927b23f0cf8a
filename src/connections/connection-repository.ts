import type { Db } from '../db/open-database.js';
import type { Keyring } from '../crypto/secret-box.js';
import type { StoredCredentials } from '../connector-kit/connector.js';
import { summariseErrorText } from '../sync/summarise-provider-text.js';

export type ConnectionStatus = 'active' | 'unhealthy' | 'disconnected';

export interface Connection {
  id: number;
  workspaceId: number;
  provider: string;
  label: string;
  authType: 'token' | 'oauth';
  settings: Record<string, unknown>;
  status: ConnectionStatus;
  lastError: string | null;
  consecutiveFailures: number;
  lastSuccessAt: number | null;
}

interface ConnectionRow {
  id: number;
  workspace_id: number;
  provider: string;
  label: string;
  auth_type: 'token' | 'oauth';
  settings: string;
  status: ConnectionStatus;
  last_error: string | null;
  consecutive_failures: number;
  last_success_at: number | null;
}

function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    provider: row.provider,
    label: row.label,
    authType: row.auth_type,
    settings: JSON.parse(row.settings),
    status: row.status,
    lastError: row.last_error,
    consecutiveFailures: row.consecutive_failures,
    lastSuccessAt: row.last_success_at,
  };
}

export function getConnection(db: Db, id: number): Connection | undefined {
  const row = db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow | undefined;
  return row ? toConnection(row) : undefined;
}

export function listConnections(db: Db, filter: { provider?: string; status?: ConnectionStatus } = {}): Connection[] {
  const rows = db.prepare('SELECT * FROM connections ORDER BY id').all() as ConnectionRow[];
  return rows
    .map(toConnection)
    .filter((c) => (!filter.provider || c.provider === filter.provider) && (!filter.status || c.status === filter.status));
}

/** Creates or updates the connection (workspace, provider, label); credentials are sealed before they touch the disk. */
export function saveConnection(
  db: Db,
  keyring: Keyring,
  input: {
    workspaceId: number;
    provider: string;
    label: string;
    authType: 'token' | 'oauth';
    credentials: StoredCredentials;
    settings: Record<string, unknown>;
  },
  now = Date.now(),
): Connection {
  const sealed = keyring.seal(JSON.stringify(input.credentials));
  const row = db
    .prepare(
      `INSERT INTO connections (workspace_id, provider, label, auth_type, credentials_sealed, settings, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id, provider, label) DO UPDATE SET
         auth_type = excluded.auth_type, credentials_sealed = excluded.credentials_sealed,
         settings = excluded.settings, updated_at = excluded.updated_at,
         status = CASE WHEN connections.status = 'disconnected' THEN 'active' ELSE connections.status END
       RETURNING *`,
    )
    .get(
      input.workspaceId,
      input.provider,
      input.label,
      input.authType,
      sealed,
      JSON.stringify(input.settings),
      now,
      now,
    ) as ConnectionRow;
  return toConnection(row);
}

export function readCredentials(db: Db, keyring: Keyring, connectionId: number): StoredCredentials {
  const row = db.prepare('SELECT credentials_sealed FROM connections WHERE id = ?').get(connectionId) as
    | { credentials_sealed: string | null }
    | undefined;
  if (!row?.credentials_sealed) return {};
  return JSON.parse(keyring.open(row.credentials_sealed)) as StoredCredentials;
}

export function writeCredentials(db: Db, keyring: Keyring, connectionId: number, credentials: StoredCredentials): void {
  db.prepare('UPDATE connections SET credentials_sealed = ?, updated_at = ? WHERE id = ?').run(
    keyring.seal(JSON.stringify(credentials)),
    Date.now(),
    connectionId,
  );
}

export function markConnectionSucceeded(db: Db, connectionId: number, now = Date.now()): void {
  db.prepare(
    `UPDATE connections SET consecutive_failures = 0, last_error = NULL, last_success_at = ?,
       status = CASE WHEN status = 'unhealthy' THEN 'active' ELSE status END WHERE id = ?`,
  ).run(now, connectionId);
}

/** Keeps the provider's own words (an HTML page among them summarised to its title): they tell staff what to fix. */
export function markConnectionFailed(db: Db, connectionId: number, error: string, unhealthy: boolean): void {
  db.prepare(
    `UPDATE connections SET consecutive_failures = consecutive_failures + 1, last_error = ?,
       status = CASE WHEN ? AND status = 'active' THEN 'unhealthy' ELSE status END, updated_at = ? WHERE id = ?`,
  ).run(summariseErrorText(error), unhealthy ? 1 : 0, Date.now(), connectionId);
}

export function setConnectionStatus(db: Db, connectionId: number, status: ConnectionStatus): void {
  db.prepare('UPDATE connections SET status = ?, updated_at = ? WHERE id = ?').run(status, Date.now(), connectionId);
}
