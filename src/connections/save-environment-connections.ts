import type { AppContext } from '../app/app-context.js';
import { readCredentials, saveConnection } from './connection-repository.js';
import type { EnvConnection, StoredCredentials } from '../connector-kit/connector.js';

/**
 * Connections described by environment variables (HUBSPOT_ACCESS_TOKEN...) are stored
 * like any other, under the label "env". A refreshed OAuth token already stored is kept:
 * the environment's copy may be older than the one the provider rotated to. What the
 * environment leaves to the provider (Xero's organisation) is asked for here; when the provider
 * cannot be asked, the connection is stored as given and its syncs say what is missing.
 */
export async function saveEnvironmentConnections(app: AppContext): Promise<void> {
  for (const connector of app.connectors.all()) {
    const fromEnv = connector.fromEnvironment(app.config);
    if (!fromEnv) continue;
    const existing = app.db
      .prepare('SELECT id, settings FROM connections WHERE workspace_id = ? AND provider = ? AND label = ?')
      .get(app.workspaceId, connector.provider, fromEnv.label) as { id: number; settings: string } | undefined;
    let credentials: StoredCredentials = fromEnv.credentials;
    if (existing && fromEnv.authType === 'oauth') {
      const stored = readCredentials(app.db, app.keyring, existing.id);
      if (stored.refreshToken) credentials = { ...fromEnv.credentials, ...stored };
    }
    let connection: EnvConnection = { ...fromEnv, credentials };
    if (connector.completeEnvironment) {
      const stored = existing ? { settings: JSON.parse(existing.settings) as Record<string, unknown>, credentials } : null;
      try {
        connection = await connector.completeEnvironment({ connection, stored, config: app.config });
      } catch (error) {
        app.logger.warn(`${connector.displayName}: could not complete the connection set in the environment; storing it as given`, {
          provider: connector.provider,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    saveConnection(app.db, app.keyring, {
      workspaceId: app.workspaceId,
      provider: connector.provider,
      label: connection.label,
      authType: connection.authType,
      credentials: connection.credentials,
      settings: connection.settings,
    });
  }
}
