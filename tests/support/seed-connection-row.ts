import type { AppContext } from '../../src/app/app-context.js';
import type { StoredCredentials } from '../../src/connector-kit/connector.js';

/**
 * A connection row written synchronously through the SQLite handle, for the test seeds that build
 * a world inside one `writeTransaction` (the services use `saveConnection` through the store).
 * Same upsert and the same sealing as `saveConnection`; returns the connection's id.
 */
export function seedConnectionRow(
  app: AppContext,
  input: { provider: string; label: string; authType?: 'token' | 'oauth'; credentials: StoredCredentials; settings?: Record<string, unknown> },
  now = Date.now(),
): number {
  const row = app.db
    .prepare(
      `INSERT INTO connections (workspace_id, provider, label, auth_type, credentials_sealed, settings, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id, provider, label) DO UPDATE SET
         auth_type = excluded.auth_type, credentials_sealed = excluded.credentials_sealed,
         settings = excluded.settings, updated_at = excluded.updated_at,
         status = CASE WHEN connections.status = 'disconnected' THEN 'active' ELSE connections.status END
       RETURNING id`,
    )
    .get(app.workspaceId, input.provider, input.label, input.authType ?? 'token', app.keyring.seal(JSON.stringify(input.credentials)), JSON.stringify(input.settings ?? {}), now, now) as { id: number };
  return row.id;
}
