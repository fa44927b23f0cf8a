import type { AppContext } from '../app/app-context.js';
import { readCredentials, saveConnection } from './connection-repository.js';

/**
 * Connections described by environment variables (HUBSPOT_ACCESS_TOKEN...) are stored
 * like any other, under the label "env". A refreshed OAuth token already stored is kept:
 * the environment's copy may be older than the one the provider rotated to.
 */
export function saveEnvironmentConnections(app: AppContext): void {
  for (const connector of app.connectors.all()) {
    const fromEnv = connector.fromEnvironment(app.config);
    if (!fromEnv) continue;
    const existing = app.db
      .prepare('SELECT id FROM connections WHERE workspace_id = ? AND provider = ? AND label = ?')
      .get(app.workspaceId, connector.provider, fromEnv.label) as { id: number } | undefined;
    let credentials = fromEnv.credentials;
    if (existing && fromEnv.authType === 'oauth') {
      const stored = readCredentials(app.db, app.keyring, existing.id);
      if (stored.refreshToken) credentials = { ...fromEnv.credentials, ...stored };
    }
    saveConnection(app.db, app.keyring, {
      workspaceId: app.workspaceId,
      provider: connector.provider,
      label: fromEnv.label,
      authType: fromEnv.authType,
      credentials,
      settings: fromEnv.settings,
    });
  }
}
