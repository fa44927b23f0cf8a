import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { createAppContext, closeAppContext, type AppContextOverrides } from '../../src/app/create-app-context.js';
import type { AppContext } from '../../src/app/app-context.js';
import { silentLogger } from '../../src/logging/logger.js';

export const TEST_SECRET_KEY = 'test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz';
export const HUBSPOT_TEST_BASE = 'https://hubspot.test';
export const HUBSPOT_TEST_SECRET = 'hubspot-app-client-secret';

export interface TestApp extends AppContext {
  dataDir: string;
  dispose(): Promise<void>;
}

/** A real app on a real SQLite file in a fresh temp directory, HubSpot pointed at a host nock fakes. */
export async function createTestApp(env: Record<string, string> = {}, overrides: AppContextOverrides = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clienthub-test-'));
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
      ...env,
    },
    dataDir,
  );
  const app = await createAppContext(config, { logger: silentLogger, sleep: async () => {}, ...overrides });
  return Object.assign(app, {
    dataDir,
    async dispose() {
      await closeAppContext(app);
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export function hubspotConnectionId(app: AppContext): number {
  return (app.db.prepare(`SELECT id FROM connections WHERE provider = 'hubspot'`).get() as { id: number }).id;
}
