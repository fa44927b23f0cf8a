import type { AppContext } from '../app/app-context.js';
import { readCredentials, saveConnection } from './connection-repository.js';
import type { EnvConnection, StoredCredentials } from '../connector-kit/connector.js';
import { findConnectionByLabel } from '../store/connections/find-connection-by-label.js';

/**
 * Connections described by environment variables (HUBSPOT_ACCESS_TOKEN...) are stored
 * like any other, under the label "env". A refreshed OAuth token already stored is kept:
 * the environment's copy may be older than the one the provider rotated to. What the
 * environment leaves to the provider (Xero's organisation) is asked for here; when the provider
 * cannot be asked, the connection is stored as given and its syncs say what is missing.
 */
export async function saveEnvironmentConnections(app: AppContext): Promise<void> {
  const q = app.store.db;
  for (const connector of app.connectors.all()) {
    const fromEnv = connector.fromEnvironment(app.config);
    if (!fromEnv) continue;
    const existing = await findConnectionByLabel(q, { workspaceId: app.workspaceId, provider: connector.provider, label: fromEnv.label });
    let credentials: StoredCredentials = fromEnv.credentials;
    let storedRefreshToken: string | undefined;
    if (existing && fromEnv.authType === 'oauth') {
      const stored = await readCredentials(q, app.keyring, existing.id);
      storedRefreshToken = stored.refreshToken;
      if (stored.refreshToken) credentials = { ...fromEnv.credentials, ...stored };
    }
    let connection: EnvConnection = { ...fromEnv, credentials };
    if (connector.completeEnvironment) {
      const stored = existing ? { settings: existing.settings, credentials } : null;
      try {
        connection = await connector.completeEnvironment({ connection, stored, config: app.config });
      } catch (error) {
        app.logger.warn(`${connector.displayName}: could not complete the connection set in the environment; storing it as given`, {
          provider: connector.provider,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    const completed = connection;
    // A process that refreshed the token meanwhile (rotating it) wins over what was read above.
    await app.store.transaction(
      async (tx) => {
        let saved = completed.credentials;
        if (existing && completed.authType === 'oauth' && completed.label === existing.label) {
          const latest = await readCredentials(tx, app.keyring, existing.id);
          if (latest.refreshToken && latest.refreshToken !== storedRefreshToken) saved = { ...saved, ...latest };
        }
        await saveConnection(tx, app.keyring, {
          workspaceId: app.workspaceId,
          provider: connector.provider,
          label: completed.label,
          authType: completed.authType,
          credentials: saved,
          settings: completed.settings,
        });
      },
      { isolation: 'serializable' },
    );
  }
}
