import type { AppConfig } from '../config/load-config.js';
import type { Db } from '../db/open-database.js';
import type { Keyring } from '../crypto/secret-box.js';
import type { Logger } from '../logging/logger.js';
import type { ConnectorRegistry } from '../connector-kit/registry.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Mailer } from '../mail/mailer.js';

/** Everything a handler, route or command needs; built once per process by createAppContext. */
export interface AppContext {
  config: AppConfig;
  db: Db;
  keyring: Keyring;
  logger: Logger;
  connectors: ConnectorRegistry;
  jobs: JobQueue;
  mailer: Mailer;
  /** Identifies this process in leases and sync runs. */
  workerId: string;
  workspaceId: number;
  sleep(ms: number): Promise<void>;
}
