import type { AppContext } from '../app/app-context.js';
import type { ConnectorContext } from '../connector-kit/connector.js';
import { createCredentialSource } from './create-credential-source.js';
import type { Connection } from './connection-repository.js';
import { paceRequest } from '../sync/pace-requests.js';
import { withConcurrencySlot } from '../sync/limit-concurrency.js';

/** What a connector sees of the hub for one connection. */
export function buildConnectorContext(app: AppContext, connection: Connection): ConnectorContext {
  const connector = app.connectors.get(connection.provider);
  const credentials = createCredentialSource(app.store.db, app.keyring, app.config, connection.id, connector.oauth, app.sleep);
  const getMeta = app.db.prepare('SELECT value FROM provider_metadata WHERE connection_id = ? AND key = ?');
  const setMeta = app.db.prepare(
    `INSERT INTO provider_metadata (connection_id, key, value, fetched_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (connection_id, key) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at`,
  );
  return {
    connectionId: connection.id,
    workspaceId: connection.workspaceId,
    settings: connection.settings,
    config: app.config,
    logger: app.logger.child({ connectionId: connection.id, provider: connection.provider }),
    getAccessToken: () => credentials.getAccessToken(),
    refreshAccessToken: () => credentials.refreshAccessToken(),
    sleep: app.sleep,
    pace: (key, budgets) => paceRequest(app.store, key, budgets, app.sleep),
    limitConcurrency: (key, max, work) => withConcurrencySlot(app.store, key, max, work),
    metadata: {
      get<T>(key: string) {
        const row = getMeta.get(connection.id, key) as { value: string } | undefined;
        return row ? (JSON.parse(row.value) as T) : undefined;
      },
      set(key, value) {
        setMeta.run(connection.id, key, JSON.stringify(value), Date.now());
      },
    },
  };
}
