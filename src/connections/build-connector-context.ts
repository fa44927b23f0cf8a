import type { AppContext } from '../app/app-context.js';
import type { ConnectorContext } from '../connector-kit/connector.js';
import { createCredentialSource } from './create-credential-source.js';
import type { Connection } from './connection-repository.js';
import { paceRequest } from '../sync/pace-requests.js';
import { withConcurrencySlot } from '../sync/limit-concurrency.js';
import { listProviderMetadata } from '../store/connections/list-provider-metadata.js';
import { upsertProviderMetadata } from '../store/connections/upsert-provider-metadata.js';

/** Metadata writes still on their way to the store, per process and connection: the next context waits for them. */
const pendingMetadataWrites = new WeakMap<AppContext, Map<number, Promise<void>>>();

/**
 * What a connector sees of the hub for one connection. Provider metadata (pipelines, stage
 * definitions, sync markers) is read once, when the context is built, because connectors and
 * mappings read it synchronously; a `set` changes that copy at once and is written through to the
 * store in the background (in order, failures logged: it is a cache the connector can fetch again).
 */
export async function buildConnectorContext(app: AppContext, connection: Connection): Promise<ConnectorContext> {
  const connector = app.connectors.get(connection.provider);
  const credentials = createCredentialSource(app.store.db, app.keyring, app.config, connection.id, connector.oauth, app.sleep);
  const logger = app.logger.child({ connectionId: connection.id, provider: connection.provider });
  let pending = pendingMetadataWrites.get(app);
  if (!pending) pendingMetadataWrites.set(app, (pending = new Map()));
  await pending.get(connection.id);
  const metadata = await listProviderMetadata(app.store.db, connection.id);
  const writes = pending;
  return {
    connectionId: connection.id,
    workspaceId: connection.workspaceId,
    settings: connection.settings,
    config: app.config,
    logger,
    getAccessToken: () => credentials.getAccessToken(),
    refreshAccessToken: () => credentials.refreshAccessToken(),
    sleep: app.sleep,
    pace: (key, budgets) => paceRequest(app.store, key, budgets, app.sleep),
    limitConcurrency: (key, max, work) => withConcurrencySlot(app.store, key, max, work),
    metadata: {
      get<T>(key: string) {
        const value = metadata.get(key);
        return value === undefined ? undefined : (JSON.parse(value) as T);
      },
      set(key, value) {
        const text = JSON.stringify(value);
        metadata.set(key, text);
        const previous = writes.get(connection.id) ?? Promise.resolve();
        const write = previous
          .then(() => upsertProviderMetadata(app.store.db, connection.id, key, text, Date.now()))
          .catch((error: unknown) => logger.error('provider metadata could not be stored', { key, error: error instanceof Error ? error.message : String(error) }));
        writes.set(connection.id, write);
        void write.then(() => {
          if (writes.get(connection.id) === write) writes.delete(connection.id);
        });
      },
    },
  };
}

/** Resolves when every provider metadata write this process started has reached the store (shutdown, tests). */
export async function flushProviderMetadata(app: AppContext): Promise<void> {
  const pending = pendingMetadataWrites.get(app);
  if (pending) await Promise.all([...pending.values()]);
}
