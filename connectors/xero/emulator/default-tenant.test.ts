import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { runPull } from '../../../src/sync/run-pull.js';
import { getSyncRun } from '../../../src/sync/sync-run-repository.js';
import { readCredentials } from '../../../src/connections/connection-repository.js';
import { saveEnvironmentConnections } from '../../../src/connections/save-environment-connections.js';
import { XeroEmulatorStore } from './xero-emulator-store.js';
import { startXeroEmulator, type XeroEmulator } from './start-xero-emulator.js';
import { sqlGet } from '../../../tests/support/sql.js';

const OTHER_ORG = { tenantId: '0f3a6c2e-9b1d-4e5f-8a7b-1c2d3e4f5a6b', tenantName: 'Brightside Holdings', tenantType: 'ORGANISATION' } as const;

/** README: XERO_TENANT_ID defaults to the first organisation the token was granted. */
describe('a Xero connection from the environment without XERO_TENANT_ID', () => {
  let emulator: XeroEmulator;
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.dispose();
    app = undefined;
    await emulator.close();
  });

  async function start(env: Record<string, string>, options: { acceptedTokens?: string[] } = {}) {
    const store = new XeroEmulatorStore();
    store.seedDemo();
    emulator = await startXeroEmulator({ store, extraTenants: [OTHER_ORG], oauth: { clientId: 'xero-client', clientSecret: 'xero-secret' }, ...options });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', XERO_BASE_URL: emulator.url, XERO_IDENTITY_URL: emulator.url, ...env });
    return { store, app };
  }
  const connection = (app: TestApp) => sqlGet<{ id: number; status: string; settings: string }>(app, `SELECT id, status, settings FROM connections WHERE provider = 'xero'`);
  const connectionCalls = () => emulator.requests.filter((request) => request.path === '/connections').length;

  it('syncs the first organisation granted, keeps the others to choose from, and does not ask again at the next start', async () => {
    const { store, app } = await start({ XERO_ACCESS_TOKEN: 'env-access' });
    const row = (await connection(app))!;
    expect(JSON.parse(row.settings)).toEqual({
      tenantId: store.tenantId,
      accountId: store.tenantId,
      tenants: [
        { tenantId: store.tenantId, name: store.organisationName },
        { tenantId: OTHER_ORG.tenantId, name: OTHER_ORG.tenantName },
      ],
    });
    expect(connectionCalls()).toBe(1);
    const run = await runPull(app, row.id, 'Invoice', 'backfill');
    expect(await getSyncRun(app.store.db, run.runId!)).toMatchObject({ status: 'succeeded', added: 9 });
    expect(emulator.requests.filter((request) => request.path.startsWith('/api.xro/')).every((request) => request.headers['xero-tenant-id'] === store.tenantId)).toBe(true);

    // A restart: the organisation already chosen is kept without asking Xero again.
    await saveEnvironmentConnections(app);
    expect(connectionCalls()).toBe(1);
    expect(JSON.parse((await connection(app))!.settings)).toMatchObject({ tenantId: store.tenantId, accountId: store.tenantId });
  });

  it('renews an expired environment token once to read the organisations, and keeps the rotated tokens', async () => {
    const { store, app } = await start(
      { XERO_ACCESS_TOKEN: 'env-expired', XERO_REFRESH_TOKEN: 'env-refresh', XERO_CLIENT_ID: 'xero-client', XERO_CLIENT_SECRET: 'xero-secret' },
      { acceptedTokens: [] },
    );
    const row = (await connection(app))!;
    expect(JSON.parse(row.settings)).toMatchObject({ tenantId: store.tenantId });
    expect(emulator.tokens.grants).toEqual([{ grantType: 'refresh_token', at: expect.any(Number) }]);
    const credentials = await readCredentials(app.store.db, app.keyring, row.id);
    expect(credentials.accessToken).not.toBe('env-expired');
    expect(credentials.refreshToken).not.toBe('env-refresh');
  });

  it('still stores the connection when Xero refuses the token, and its sync says what is missing', async () => {
    const { app } = await start({ XERO_ACCESS_TOKEN: 'env-refused' }, { acceptedTokens: [] });
    const row = (await connection(app))!;
    expect(JSON.parse(row.settings)).toEqual({});
    await expect(runPull(app, row.id, 'Invoice', 'backfill')).rejects.toThrow(/no organisation.*XERO_TENANT_ID/);
  });

  it('uses XERO_TENANT_ID when it is set, without asking Xero', async () => {
    const { app } = await start({ XERO_ACCESS_TOKEN: 'env-access', XERO_TENANT_ID: OTHER_ORG.tenantId });
    expect(JSON.parse((await connection(app))!.settings)).toEqual({ tenantId: OTHER_ORG.tenantId, accountId: OTHER_ORG.tenantId });
    expect(connectionCalls()).toBe(0);
  });
});
