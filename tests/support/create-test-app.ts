import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { createAppContext, closeAppContext, type AppContextOverrides } from '../../src/app/create-app-context.js';
import type { AppContext } from '../../src/app/app-context.js';
import { silentLogger } from '../../src/logging/logger.js';
import { sqlGet } from './sql.js';
import { testEngineEnv } from './store-engines.js';

export const TEST_SECRET_KEY = 'test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz';
export const HUBSPOT_TEST_BASE = 'https://hubspot.test';
export const HUBSPOT_TEST_SECRET = 'hubspot-app-client-secret';

export interface TestApp extends AppContext {
  dataDir: string;
  dispose(): Promise<void>;
}

/**
 * A real app in a fresh temp directory, on the suite's engine (a SQLite file there, or a throw-away
 * PostgreSQL database: see TEST_ENGINE), HubSpot pointed at a host nock fakes.
 */
export async function createTestApp(env: Record<string, string> = {}, overrides: AppContextOverrides = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clienthub-test-'));
  const engine = await testEngineEnv();
  const config = loadConfig(
    {
      CLIENTHUB_DATA_DIR: dataDir,
      CLIENTHUB_SECRET_KEY: TEST_SECRET_KEY,
      PUBLIC_URL: 'http://hub.test',
      HUBSPOT_ACCESS_TOKEN: 'pat-test-token',
      HUBSPOT_CLIENT_SECRET: HUBSPOT_TEST_SECRET,
      HUBSPOT_BASE_URL: HUBSPOT_TEST_BASE,
      HUBSPOT_SEARCH_RPS: '1000',
      CLIENTHUB_SYNC_OVERLAP_SECONDS: '120',
      CLIENTHUB_JOB_LOCK_MS: '5000',
      CLIENTHUB_BUSINESS_NAME: 'Brightside Agency',
      ...engine.env,
      ...env,
    },
    dataDir,
  );
  const app = await createAppContext(config, { logger: silentLogger, sleep: async () => {}, ...overrides });
  return Object.assign(app, {
    dataDir,
    async dispose() {
      await closeAppContext(app);
      await engine.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** The id of the app's HubSpot connection (the one its environment token made). */
export async function hubspotConnectionId(app: AppContext): Promise<number> {
  const row = await sqlGet<{ id: number }>(app, `SELECT id FROM connections WHERE provider = 'hubspot' ORDER BY id LIMIT 1`);
  if (!row) throw new Error('the test app has no HubSpot connection');
  return row.id;
}
