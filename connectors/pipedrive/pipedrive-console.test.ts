/**
 * The staff console offers Pipedrive with no console code naming it (the connector's declarations
 * are all it reads): the Connect page's card, a pasted API token, and "Connect Pipedrive" through
 * OAuth against the emulator, whose grant names the company domain that becomes the base URL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { createPortalTestApp, type PortalTestApp } from '../../tests/support/seed-portal.js';
import { PortalHttpClient, serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { sqlAll, sqlGet } from '../../tests/support/sql.js';
import { seedStaffWorld, type StaffWorld } from '../../portal-ui/staff/testing/seed-staff-world.js';
import { readCredentials } from '../../src/connections/connection-repository.js';
import { runPull } from '../../src/sync/run-pull.js';
import { PipedriveEmulatorStore } from './emulator/pipedrive-emulator-store.js';
import { startPipedriveEmulator, type PipedriveEmulator } from './emulator/start-pipedrive-emulator.js';
import { DEMO_OAUTH_APP, pipedriveOAuthEnv } from './emulator/hub-env.js';
import { pipedriveOAuth } from './oauth.js';

const ROOT = join(import.meta.dirname, '../..');

/** Every source file under a folder (tests too: none of the console's may name a provider it does not own). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|js|css|html)$/.test(entry.name) ? [path] : [];
  });
}

describe('the staff console offers Pipedrive from its declarations alone', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  let world: StaffWorld;
  let emulator: PipedriveEmulator;

  beforeEach(async () => {
    const store = new PipedriveEmulatorStore();
    store.seedDemo();
    emulator = await startPipedriveEmulator({ store, oauth: DEMO_OAUTH_APP });
    test = await createPortalTestApp(pipedriveOAuthEnv(emulator));
    world = await seedStaffWorld(test.app, Date.now());
    served = await serveHttp(createHttpApp(test.app));
  });
  afterEach(async () => {
    await served.close();
    await test.dispose();
    await emulator.close();
  });

  const owner = () => {
    const client = new PortalHttpClient(served.baseUrl);
    client.cookies.set('clienthub_staff', world.staff.owner.sessionId);
    return { client, csrf: world.staff.owner.csrfToken };
  };
  const pipedriveConnections = async () => await sqlAll(test.app, `SELECT id, label, settings FROM connections WHERE provider = 'pipedrive' ORDER BY id`) as { id: number; label: string; settings: string }[];

  it('shows a Pipedrive card (OAuth and API token) while no file of the console or core names Pipedrive', async () => {
    const page = await owner().client.get('/staff/connect');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h2 id="provider-pipedrive">Pipedrive</h2>');
    expect(page.text).toContain('Connect Pipedrive with OAuth');
    expect(page.text).toContain('<label for="token-pipedrive">Personal API token</label>');
    expect(page.headers.get('content-security-policy')).toContain(emulator.url);
    const naming = ['src', 'portal-ui', 'webhooks'].flatMap((dir) => sourceFiles(join(ROOT, dir))).filter((file) => /pipedrive/i.test(readFileSync(file, 'utf8')));
    expect(naming).toEqual([]);
  });

  it('connects with a pasted API token, refusing one that is not 40 hex characters', async () => {
    const { client, csrf } = owner();
    const refused = await client.postForm('/staff/connect/pipedrive/token', { _csrf: csrf, token: 'pat-na1-not-pipedrive' });
    expect(refused.text).toContain('That does not look like a personal api token. 40 hexadecimal characters');
    expect(await pipedriveConnections()).toEqual([]);
    const token = '0123456789abcdef0123456789abcdef01234567';
    const accepted = await client.postForm('/staff/connect/pipedrive/token', { _csrf: csrf, token });
    expect(accepted.status).toBe(303);
    const [connection] = await pipedriveConnections();
    expect(await readCredentials(test.app.store.db, test.app.keyring, connection!.id)).toMatchObject({ accessToken: token });
    await runPull(test.app, connection!.id, 'organizations', 'backfill');
    expect(emulator.requests.at(-1)).toMatchObject({ path: '/v2/organizations', auth: 'api_token', status: 200 });
  });

  it('connects through OAuth: the grant’s api_domain becomes the base URL, the company id routes webhooks, and the token refreshes and revokes', async () => {
    const { client, csrf } = owner();
    const started = await client.postForm('/staff/connect/pipedrive/oauth', { _csrf: csrf });
    expect(started.status).toBe(303);
    const authorize = new URL(started.location!);
    expect(authorize.origin + authorize.pathname).toBe(`${emulator.url}/oauth/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe(DEMO_OAUTH_APP.clientId);
    // The emulator approves at once and sends the browser back to the hub's callback.
    const approved = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(approved.headers.get('location')!);
    expect(callback.pathname).toBe('/oauth/pipedrive/callback');
    const completed = await client.get(callback.pathname + callback.search);
    expect(completed.status).toBe(303);
    const [connection] = await pipedriveConnections();
    expect(JSON.parse(connection!.settings)).toMatchObject({ apiDomain: emulator.url, companyId: emulator.store.companyId, accountId: emulator.store.companyId });
    const credentials = await readCredentials(test.app.store.db, test.app.keyring, connection!.id);
    expect(credentials).toMatchObject({ accessToken: expect.stringMatching(/^v1u:/), refreshToken: expect.any(String), expiresAt: expect.any(Number) });

    // The webhooks page says where to point the webhook and what verifies it, from the declaration.
    const webhooks = await client.get('/staff/webhooks');
    expect(webhooks.text).toContain('http://127.0.0.1:3000/webhooks/pipedrive');
    expect(webhooks.text).toContain('PIPEDRIVE_WEBHOOK_USER and PIPEDRIVE_WEBHOOK_PASSWORD');

    await runPull(test.app, connection!.id, 'deals', 'backfill');
    expect(emulator.requests.filter((r) => r.path === '/v2/deals').every((r) => r.auth === 'oauth')).toBe(true);
    expect(await sqlGet(test.app, `SELECT COUNT(*) AS n FROM records WHERE connection_id = ? AND kind = 'deal'`, connection!.id)).toEqual({ n: 3 });

    const refreshed = await pipedriveOAuth.refresh({ refreshToken: credentials.refreshToken, credentials, config: test.app.config });
    expect(refreshed.accessToken).not.toBe(credentials.accessToken);
    expect(refreshed.refreshToken).toBe(credentials.refreshToken);
    await pipedriveOAuth.revoke!({ credentials, config: test.app.config });
    await expect(pipedriveOAuth.refresh({ refreshToken: credentials.refreshToken, credentials, config: test.app.config })).rejects.toThrow(/^Pipedrive token request failed \(invalid_grant\b.*Invalid refresh token/);
    await expect(pipedriveOAuth.exchangeCode({ code: 'never-issued', redirectUri: 'http://127.0.0.1:3000/oauth/pipedrive/callback', config: test.app.config })).rejects.toThrow(
      /^Pipedrive token request failed \(invalid_grant\): Invalid authorization code/,
    );
  });
});
