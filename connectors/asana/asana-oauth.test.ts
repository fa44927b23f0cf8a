import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { fetchAndApply } from '../../src/sync/fetch-and-apply.js';
import { runPull } from '../../src/sync/run-pull.js';
import { readCredentials } from '../../src/connections/connection-repository.js';
import { AuthError } from '../../src/sync/sync-errors.js';
import { API, ASANA_BASE, WORKSPACE, asanaTask } from './testing/asana-payloads.js';
import { asanaOAuth } from './oauth.js';
import { sqlGet, sqlRun, sqlValue } from '../../tests/support/sql.js';

const ENV = {
  HUBSPOT_ACCESS_TOKEN: '',
  ASANA_BASE_URL: ASANA_BASE,
  ASANA_AUTHORIZE_URL: `${ASANA_BASE}/-/oauth_authorize`,
  ASANA_TOKEN_URL: `${ASANA_BASE}/-/oauth_token`,
  ASANA_CLIENT_ID: '1208000000000042',
  ASANA_CLIENT_SECRET: 'asana-app-secret',
};

describe('Asana auth: OAuth 2 (authorize, code exchange, refresh) and personal access tokens', () => {
  let app: TestApp;
  beforeEach(() => nock.disableNetConnect());
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app?.dispose();
  });

  it('builds the authorize URL and exchanges the code, choosing the user\'s workspace', async () => {
    app = await createTestApp(ENV);
    const url = new URL(asanaOAuth.authorizeUrl({ state: 'st4te', redirectUri: 'http://hub.test/oauth/asana/callback', config: app.config }));
    expect(`${url.origin}${url.pathname}`).toBe(`${ASANA_BASE}/-/oauth_authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: ENV.ASANA_CLIENT_ID, redirect_uri: 'http://hub.test/oauth/asana/callback', response_type: 'code', state: 'st4te' });

    nock(ASANA_BASE)
      .post('/-/oauth_token', { grant_type: 'authorization_code', code: 'the-code', redirect_uri: 'http://hub.test/oauth/asana/callback', client_id: ENV.ASANA_CLIENT_ID, client_secret: ENV.ASANA_CLIENT_SECRET })
      .reply(200, { access_token: 'oauth-access-1', refresh_token: 'oauth-refresh-1', expires_in: 3600, token_type: 'bearer', data: { id: 4673218951, gid: '4673218951', name: 'Greg Sanchez', email: 'gsanchez@example.com' } });
    nock(ASANA_BASE).get(`${API}/users/me`).query(true).matchHeader('authorization', 'Bearer oauth-access-1')
      .reply(200, { data: { gid: '4673218951', workspaces: [{ gid: WORKSPACE, resource_type: 'workspace', name: 'My Company Workspace' }, { gid: '999', resource_type: 'workspace', name: 'Personal Projects' }] } });
    const exchanged = await asanaOAuth.exchangeCode({ code: 'the-code', redirectUri: 'http://hub.test/oauth/asana/callback', config: app.config });
    expect(exchanged).toMatchObject({ accessToken: 'oauth-access-1', refreshToken: 'oauth-refresh-1', settings: { workspaceGid: WORKSPACE, accountId: WORKSPACE, userGid: '4673218951' } });
    expect(exchanged.expiresAt).toBeGreaterThan(Date.now() + 3500_000);

    nock(ASANA_BASE).post('/-/oauth_token').reply(400, { error: 'invalid_grant', error_description: 'The `code` is invalid.' });
    await expect(asanaOAuth.exchangeCode({ code: 'reused', redirectUri: 'http://hub.test/oauth/asana/callback', config: app.config })).rejects.toThrow(AuthError);
  });

  it('refreshes once on a 401 and keeps the refresh token Asana does not rotate', async () => {
    app = await createTestApp({ ...ENV, ASANA_ACCESS_TOKEN: 'oauth-access-1', ASANA_REFRESH_TOKEN: 'oauth-refresh-1', ASANA_WORKSPACE_GID: WORKSPACE });
    const id = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
    nock(ASANA_BASE).post('/-/oauth_token', (b: Record<string, string>) => b.grant_type === 'refresh_token' && b.refresh_token === 'oauth-refresh-1' && b.client_secret === ENV.ASANA_CLIENT_SECRET)
      .reply(200, { access_token: 'oauth-access-2', expires_in: 3600, token_type: 'bearer', data: { gid: '4673218951' } });
    nock(ASANA_BASE)
      .get(`${API}/tasks/1301`).query(true).matchHeader('authorization', 'Bearer oauth-access-1').reply(401, { errors: [{ message: 'Not Authorized' }] })
      .get(`${API}/tasks/1301`).query(true).matchHeader('authorization', 'Bearer oauth-access-2').reply(200, { data: asanaTask('1301', '1202000000000001') });
    await fetchAndApply(app, id, 'Task', ['1301']);
    expect(await readCredentials(app.store.db, app.keyring, id)).toMatchObject({ accessToken: 'oauth-access-2', refreshToken: 'oauth-refresh-1' });
    expect(nock.isDone()).toBe(true);
  });

  it('uses a personal access token as is, and a revoked one needs a person', async () => {
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ASANA_BASE_URL: ASANA_BASE, ASANA_ACCESS_TOKEN: '2/1200/1208:pat', ASANA_WORKSPACE_GID: WORKSPACE });
    const id = (await sqlGet<{ id: number }>(app, `SELECT id, auth_type FROM connections WHERE provider = 'asana'`))!.id;
    expect(await sqlGet(app, 'SELECT auth_type FROM connections WHERE id = ?', id)).toEqual({ auth_type: 'token' });
    nock(ASANA_BASE).get(`${API}/tasks/1301`).query(true).matchHeader('authorization', 'Bearer 2/1200/1208:pat').reply(401, { errors: [{ message: 'Not Authorized' }] });
    await expect(fetchAndApply(app, id, 'Task', ['1301'])).rejects.toThrow(/Asana 401: Not Authorized; .*no refresh token/);
  });

  it('learns the token\'s only workspace once when none is configured, and says what to set when there are several', async () => {
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ASANA_BASE_URL: ASANA_BASE, ASANA_ACCESS_TOKEN: 'pat' });
    const id = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
    nock(ASANA_BASE).get(`${API}/users/me`).query(true).once().reply(200, { data: { gid: '1', workspaces: [{ gid: WORKSPACE, name: 'My Company Workspace' }] } });
    nock(ASANA_BASE).get(`${API}/workspaces/${WORKSPACE}/projects`).query(true).times(2).reply(200, { data: [], next_page: null });
    await runPull(app, id, 'Project', 'backfill');
    await runPull(app, id, 'Project', 'incremental');
    expect(nock.isDone()).toBe(true);

    await sqlRun(app, 'DELETE FROM provider_metadata');
    nock(ASANA_BASE).get(`${API}/users/me`).query(true).reply(200, { data: { gid: '1', workspaces: [{ gid: WORKSPACE, name: 'Company' }, { gid: '999', name: 'Personal' }] } });
    await expect(runPull(app, id, 'Project', 'incremental')).rejects.toThrow(`The Asana token can see 2 workspaces (${WORKSPACE} Company, 999 Personal): set ASANA_WORKSPACE_GID`);
  });
});

