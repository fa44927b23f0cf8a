import type { Keyring } from '../crypto/secret-box.js';
import type { StoredCredentials } from '../connector-kit/connector.js';
import type { Queryable } from '../store/store.js';
import { summariseErrorText } from '../sync/summarise-provider-text.js';
import { findConnectionCredentials } from '../store/connections/find-connection-credentials.js';
import { updateConnectionCredentials } from '../store/connections/update-connection-credentials.js';
import { updateConnectionFailed } from '../store/connections/update-connection-failed.js';
import { upsertConnection } from '../store/connections/upsert-connection.js';

/*
 * A connection and the rules around its stored parts. The queries are the store's
 * (src/store/connections/: findConnection, listConnections, updateConnectionStatus...); what is
 * here seals and opens the credentials with the keyring (the store only ever holds the sealed
 * string) and words a failure for staff.
 */

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

/** Creates or updates the connection (workspace, provider, label); credentials are sealed before they reach the store. */
export async function saveConnection(
  q: Queryable,
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
): Promise<Connection> {
  const { credentials, ...rest } = input;
  return upsertConnection(q, { ...rest, credentialsSealed: keyring.seal(JSON.stringify(credentials)) }, now);
}

/** The connection's credentials, opened ({} when none are stored). */
export async function readCredentials(q: Queryable, keyring: Keyring, connectionId: number): Promise<StoredCredentials> {
  const sealed = await findConnectionCredentials(q, connectionId);
  if (!sealed) return {};
  return JSON.parse(keyring.open(sealed)) as StoredCredentials;
}

export async function writeCredentials(q: Queryable, keyring: Keyring, connectionId: number, credentials: StoredCredentials, now = Date.now()): Promise<void> {
  await updateConnectionCredentials(q, connectionId, keyring.seal(JSON.stringify(credentials)), now);
}

/** Keeps the provider's own words (an HTML page among them summarised to its title): they tell staff what to fix. */
export async function markConnectionFailed(q: Queryable, connectionId: number, error: string, unhealthy: boolean, now = Date.now()): Promise<void> {
  await updateConnectionFailed(q, connectionId, summariseErrorText(error), unhealthy, now);
}
