import { hostname } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/load-config.js';
import { openDatabase } from '../db/open-database.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { openPostgresStore } from '../store/postgres/open-postgres-store.js';
import { sqliteHandleUnavailable } from '../db/sqlite-handle-unavailable.js';
import { closeDeliveryHandle, deliveryStoreOf } from '../db/delivery-handle.js';
import { createKeyring } from '../crypto/secret-box.js';
import { resolveSecretKey } from '../crypto/resolve-secret-key.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { loadConnectorRegistry, type ConnectorRegistry } from '../connector-kit/registry.js';
import { applyConnectorDeclarations } from '../connector-kit/apply-connector-declarations.js';
import { createInProcessQueue } from '../jobs/in-process-queue.js';
import { createBullmqQueue } from '../jobs/bullmq-queue.js';
import { createMailer } from '../mail/create-mailer.js';
import type { Mailer } from '../mail/mailer.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { AppContext } from './app-context.js';
import { ensureWorkspace } from '../store/workspaces/ensure-workspace.js';
import { flushProviderMetadata } from '../connections/build-connector-context.js';
import { saveEnvironmentConnections } from '../connections/save-environment-connections.js';

export interface AppContextOverrides {
  logger?: Logger;
  mailer?: Mailer;
  connectors?: ConnectorRegistry;
  jobs?: JobQueue;
  sleep?: (ms: number) => Promise<void>;
}

/** Builds the services of one process: database, keys, connectors, job runner, mailer. */
export async function createAppContext(config: AppConfig, overrides: AppContextOverrides = {}): Promise<AppContext> {
  const logger = overrides.logger ?? createLogger(config.logLevel, { pid: process.pid }, undefined, config.logFormat);
  // Connectors first: a connector that fails to load or a bad provider setting stops the hub before anything opens.
  const connectors = overrides.connectors ?? (await loadConnectorRegistry());
  applyConnectorDeclarations(config, connectors);
  const keyring = createKeyring(resolveSecretKey(config.secretKey, config.dataDir, (m) => logger.warn(m)));
  // The engine (issue 15): PostgreSQL when DATABASE_URL is set (migrated once under an advisory lock;
  // unreachable, one sentence naming the host), else the SQLite file in the data directory.
  const db = config.databaseUrl ? sqliteHandleUnavailable() : openDatabase(config.databaseFile);
  const store = config.databaseUrl ? await openPostgresStore(config.databaseUrl, { poolSize: config.databasePoolSize }) : openSqliteStore(db);
  const workspaceId = await ensureWorkspace(store.db, config.workspaceSlug, config.businessName);
  const workerId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const jobs =
    overrides.jobs ??
    (config.redisUrl
      ? await createBullmqQueue({ redisUrl: config.redisUrl, logger, ...config.jobs })
      : createInProcessQueue({ store, enqueueStore: () => deliveryStoreOf({ db, store }), logger, workerId, ...config.jobs }));
  const app: AppContext = {
    config,
    db,
    store,
    keyring,
    logger,
    connectors,
    jobs,
    mailer: overrides.mailer ?? createMailer({ smtpUrl: config.smtpUrl, outboxDir: join(config.dataDir, 'outbox') }),
    workerId,
    workspaceId,
    sleep: overrides.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
  await saveEnvironmentConnections(app);
  return app;
}

export async function closeAppContext(app: AppContext): Promise<void> {
  await app.jobs.close();
  await flushProviderMetadata(app);
  app.mailer.close();
  const sqlite = app.store.engine === 'sqlite';
  if (sqlite) closeDeliveryHandle(app.db);
  await app.store.close();
  if (sqlite) app.db.close();
}
