/**
 * What each connector's OAuth declaration sends when a connection is disconnected: RFC 7009
 * revocation through the connector kit (Asana, QuickBooks, Salesforce; Xero in
 * src/staff/services/disconnect-connection.test.ts), and HubSpot's refresh-token DELETE through its SDK.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createTestApp, HUBSPOT_TEST_BASE, type TestApp } from './support/create-test-app.js';

const ASANA = 'https://app.asana.test';
const INTUIT = 'https://developer.intuit.test';
const SALESFORCE = 'https://login.sf.test';
const form = (body: unknown) => Object.fromEntries(new URLSearchParams(body as Record<string, string>));

describe('revoking a grant on disconnect', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    app = await createTestApp({
      HUBSPOT_ACCESS_TOKEN: '',
      HUBSPOT_CLIENT_ID: 'hs-app',
      ASANA_TOKEN_URL: `${ASANA}/-/oauth_token`,
      ASANA_CLIENT_ID: 'asana-app',
      ASANA_CLIENT_SECRET: 'asana-secret',
      QUICKBOOKS_CLIENT_ID: 'qbo-app',
      QUICKBOOKS_CLIENT_SECRET: 'qbo-secret',
      QUICKBOOKS_REVOKE_URL: `${INTUIT}/v2/oauth2/tokens/revoke`,
      SALESFORCE_LOGIN_URL: SALESFORCE,
      SALESFORCE_CLIENT_ID: 'sf-app',
      SALESFORCE_CLIENT_SECRET: 'sf-secret',
    });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });
  const revoke = (provider: string, credentials: Record<string, string>) => app.connectors.get(provider).oauth!.revoke!({ credentials, config: app.config });

  it('Asana: the refresh token to /-/oauth_revoke, the app credentials in the body', async () => {
    let sent = {};
    nock(ASANA).post('/-/oauth_revoke', (body) => ((sent = form(body)), true)).reply(200, {});
    await revoke('asana', { accessToken: 'at', refreshToken: 'rt' });
    expect(sent).toEqual({ token: 'rt', client_id: 'asana-app', client_secret: 'asana-secret' });
  });

  it('QuickBooks: the refresh token, the app in HTTP Basic; a refusal is reported', async () => {
    let sent = {};
    nock(INTUIT).post('/v2/oauth2/tokens/revoke', (body) => ((sent = form(body)), true)).basicAuth({ user: 'qbo-app', pass: 'qbo-secret' }).reply(200);
    await revoke('quickbooks', { accessToken: 'at', refreshToken: 'RT1-x' });
    expect(sent).toEqual({ token: 'RT1-x' });
    nock(INTUIT).post('/v2/oauth2/tokens/revoke').reply(400, { error: 'invalid_request' });
    await expect(revoke('quickbooks', { refreshToken: 'RT1-x' })).rejects.toThrow('QuickBooks Online refused the revocation (400 invalid_request)');
  });

  it('Salesforce: the token alone to /services/oauth2/revoke; a JWT-bearer session has nothing to revoke', async () => {
    let sent = {};
    nock(SALESFORCE, { badheaders: ['authorization'] }).post('/services/oauth2/revoke', (body) => ((sent = form(body)), true)).reply(200);
    await revoke('salesforce', { accessToken: '00D!at', refreshToken: '5Aep-rt' });
    expect(sent).toEqual({ token: '5Aep-rt', client_id: 'sf-app' });
    await revoke('salesforce', { accessToken: '00D!jwt', grant: 'jwt-bearer' });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('HubSpot: DELETE /oauth/v1/refresh-tokens/:token through the SDK', async () => {
    const deleted = nock(HUBSPOT_TEST_BASE).delete('/oauth/v1/refresh-tokens/hs-rt').reply(204);
    await revoke('hubspot', { accessToken: 'at', refreshToken: 'hs-rt' });
    expect(deleted.isDone()).toBe(true);
  });
});
