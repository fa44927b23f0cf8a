import type { AppConfig } from '../config/load-config.js';
import type { Db } from '../db/open-database.js';
import type { Store } from '../store/store.js';
import type { Keyring } from '../crypto/secret-box.js';
import type { Logger } from '../logging/logger.js';
import type { ConnectorRegistry } from '../connector-kit/registry.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Mailer } from '../mail/mailer.js';

/** Everything a handler, route or command needs; built once per process by createAppContext. */
export interface AppContext {
  config: AppConfig;
  /** The SQLite handle, for code not yet moved onto the store (issue 15); new code uses `store`. */
  db: Db;
  /** The async store (src/store/): repositories take `store.db` or a transaction from `store.transaction`. */
  store: Store;
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
