import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createTestApp, HUBSPOT_TEST_BASE, type TestApp } from './support/create-test-app.js';
import { startServer } from '../src/server/start-server.js';
import { startOAuth } from '../src/connections/start-oauth.js';
import { readCredentials } from '../src/connections/connection-repository.js';
import { buildConnectorContext } from '../src/connections/build-connector-context.js';
import { findConnection } from '../src/store/connections/find-connection.js';
import { sqlAll, sqlGet, sqlValue } from './support/sql.js';

/** GET /oauth/v1/access-tokens/{token}, as HubSpot documents it: the grant's scopes and account. */
const tokenMetadata = (token: string) => ({
  token,
  user: 'owner@example.com',
  hub_domain: 'example.hubspot.com',
  scopes: ['oauth', 'crm.objects.companies.read', 'crm.objects.contacts.read', 'crm.objects.deals.read', 'crm.objects.owners.read', 'tickets'],
  hub_id: 62515,
  app_id: 456,
  expires_in: 1790,
  user_id: 123,
  token_type: 'access',
});

describe('HubSpot OAuth connect and refresh', () => {
  let app: TestApp;
  let url: string;
  let close: () => Promise<void>;
  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', HUBSPOT_CLIENT_ID: 'app-client-id' });
    ({ url, close } = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false }));
  });
  afterEach(async () => {
    await close();
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });

  it('builds the authorize URL, exchanges the code once, seals the tokens, and refuses a reused or forged state', async () => {
    const { url: authorize, state } = await startOAuth(app, 'hubspot');
    const parsed = new URL(authorize);
    expect(parsed.origin + parsed.pathname).toBe('https://app.hubspot.com/oauth/authorize');
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      client_id: 'app-client-id',
      redirect_uri: 'http://hub.test/oauth/hubspot/callback',
      scope: 'crm.objects.companies.read crm.objects.contacts.read crm.objects.deals.read crm.objects.owners.read',
      optional_scope: 'tickets sales-email-read crm.objects.quotes.read files crm.objects.contacts.write',
      state,
    });

    let tokenRequest = '';
    nock(HUBSPOT_TEST_BASE)
      .post('/oauth/v1/token', (body: Record<string, string>) => {
        tokenRequest = new URLSearchParams(body).toString();
        return true;
      })
      .reply(200, { token_type: 'bearer', access_token: 'at-1', refresh_token: 'rt-1', expires_in: 1800 });
    nock(HUBSPOT_TEST_BASE).get('/oauth/v1/access-tokens/at-1').reply(200, tokenMetadata('at-1'));
    const callback = await fetch(`${url}/oauth/hubspot/callback?code=the-code&state=${encodeURIComponent(state)}`);
    expect(callback.status).toBe(200);
    expect(await callback.text()).toContain('HubSpot is connected');
    expect(Object.fromEntries(new URLSearchParams(tokenRequest))).toMatchObject({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'http://hub.test/oauth/hubspot/callback',
      client_id: 'app-client-id',
      client_secret: 'hubspot-app-client-secret',
    });
    const connection = (await sqlGet<{
      id: number;
      auth_type: string;
      credentials_sealed: string;
    }>(app, `SELECT id, auth_type, credentials_sealed FROM connections WHERE provider = 'hubspot' AND label = 'oauth'`))!;
    expect(connection.auth_type).toBe('oauth');
    expect(connection.credentials_sealed).not.toContain('at-1');
    expect(await readCredentials(app.store.db, app.keyring, connection.id)).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1' });

    const replay = await fetch(`${url}/oauth/hubspot/callback?code=the-code&state=${encodeURIComponent(state)}`);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('invalid, expired or was already used');
    const forged = await fetch(`${url}/oauth/hubspot/callback?code=x&state=forged`);
    expect(forged.status).toBe(400);
    expect(await sqlAll(app, `SELECT action FROM audit_log WHERE action = 'connection.connected'`)).toHaveLength(1);
  });

  it('refreshes the access token before it expires, through the SDK token endpoint', async () => {
    const { state } = await startOAuth(app, 'hubspot');
    nock(HUBSPOT_TEST_BASE).post('/oauth/v1/token').reply(200, { token_type: 'bearer', access_token: 'at-1', refresh_token: 'rt-1', expires_in: 60 });
    nock(HUBSPOT_TEST_BASE).get('/oauth/v1/access-tokens/at-1').reply(200, tokenMetadata('at-1'));
    await fetch(`${url}/oauth/hubspot/callback?code=c&state=${encodeURIComponent(state)}`);
    const id = (await sqlValue<number>(app, `SELECT id FROM connections WHERE label = 'oauth'`))!;
    let refreshBody: Record<string, string> = {};
    nock(HUBSPOT_TEST_BASE)
      .post('/oauth/v1/token', (body: Record<string, string>) => {
        refreshBody = body;
        return true;
      })
      .reply(200, { token_type: 'bearer', access_token: 'at-2', refresh_token: 'rt-2', expires_in: 1800 });
    // Expires in 60 s, inside the 5-minute margin: the next call refreshes first.
    const context = await buildConnectorContext(app, (await findConnection(app.store.db, id))!);
    expect(await context.getAccessToken()).toBe('at-2');
    expect(refreshBody).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'rt-1' });
    expect(await readCredentials(app.store.db, app.keyring, id)).toMatchObject({ accessToken: 'at-2', refreshToken: 'rt-2' });
  });
});
