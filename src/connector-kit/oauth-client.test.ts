/**
 * The kit's OAuth client against a provider faked with nock (and, for the timeout, a local server
 * that never answers): what goes over the wire for PKCE and each client authentication method, how
 * refusals become AuthError or ProviderError, and RFC 7009 revocation.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { loadConfig } from '../config/load-config.js';
import { AuthError, ProviderError } from '../sync/sync-errors.js';
import { defineSettings, setting } from './define-settings.js';
import { createOAuthClient, sdkRevocation, type OAuthClientDeclaration } from './oauth-client.js';

const AUTH = 'https://auth.acme.test';
const SECRET = 'se-cr_et.~+/=';
const acmeSettings = defineSettings({
  provider: 'acme',
  displayName: 'Acme',
  variables: {
    clientId: { env: 'ACME_CLIENT_ID', schema: setting.text(), doc: 'app id' },
    clientSecret: { env: 'ACME_CLIENT_SECRET', schema: setting.text(), secret: true, doc: 'app secret' },
    authUrl: { env: 'ACME_AUTH_URL', schema: setting.url(AUTH), doc: 'OAuth host' },
  },
});
type AcmeSettings = ReturnType<typeof acmeSettings.read>;

const configFor = (env: Record<string, string> = {}) =>
  loadConfig({ CLIENTHUB_SECRET_KEY: 'x'.repeat(40), ACME_CLIENT_ID: 'acme-app', ACME_CLIENT_SECRET: SECRET, ...env }, '/tmp');

const acmeClient = (overrides: Partial<OAuthClientDeclaration<AcmeSettings>> = {}) =>
  createOAuthClient<AcmeSettings>({
    settings: acmeSettings,
    endpoints: (s) => ({ authorize: `${s.authUrl}/authorize`, token: `${s.authUrl}/token`, revocation: `${s.authUrl}/revoke` }),
    tokenAuth: 'client_secret_post',
    ...overrides,
  });

const REDIRECT = 'http://hub.test/oauth/acme/callback';
const form = (body: unknown) => Object.fromEntries(new URLSearchParams(body as Record<string, string>));

describe('the connector kit OAuth client', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('sends an S256 challenge, then proves its verifier with the secret in the body (client_secret_post)', async () => {
    const client = acmeClient({ pkce: true, scope: () => 'read offline', connect: ({ tokens, callbackParams }) => ({ account: callbackParams.company, user: (tokens.user as { id: string }).id }) });
    const verifier = 'v'.repeat(43);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const url = new URL(client.authorizeUrl({ state: 'st4te', redirectUri: REDIRECT, config: configFor(), pkce: { challenge } }));
    expect(`${url.origin}${url.pathname}`).toBe(`${AUTH}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: 'code', client_id: 'acme-app', redirect_uri: REDIRECT, scope: 'read offline', state: 'st4te', code_challenge: challenge, code_challenge_method: 'S256' });

    let sent: Record<string, string> = {};
    nock(AUTH, { badheaders: ['authorization'] })
      .post('/token', (body) => ((sent = form(body)), true))
      // An ID token the hub does not read (a malformed one here) must not stop the connect.
      .reply(200, { access_token: 'at-1', refresh_token: 'rt-1', expires_in: 3600, token_type: 'Bearer', id_token: 'not.a.jwt', user: { id: 'u-7' } });
    const before = Date.now();
    const exchanged = await client.exchangeCode({ code: 'the-code', redirectUri: REDIRECT, config: configFor(), callbackParams: { company: 'c-42' }, pkce: { verifier } });
    expect(sent).toEqual({ grant_type: 'authorization_code', code: 'the-code', redirect_uri: REDIRECT, code_verifier: verifier, client_id: 'acme-app', client_secret: SECRET });
    expect(exchanged).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1', settings: { account: 'c-42', user: 'u-7' } });
    expect(exchanged.expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
  });

  it('sends no challenge, verifier or scope where the provider takes none', async () => {
    const client = acmeClient({ responseType: false });
    const url = new URL(client.authorizeUrl({ state: 's', redirectUri: REDIRECT, config: configFor(), pkce: { challenge: 'c' } }));
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'acme-app', redirect_uri: REDIRECT, state: 's' });
    let sent: Record<string, string> = {};
    nock(AUTH).post('/token', (body) => ((sent = form(body)), true)).reply(200, { access_token: 'at', token_type: 'bearer' });
    expect(await client.exchangeCode({ code: 'c', redirectUri: REDIRECT, config: configFor(), pkce: { verifier: 'v'.repeat(43) } })).toEqual({ accessToken: 'at' });
    expect(sent).not.toHaveProperty('code_verifier');
  });

  it('authenticates with plain HTTP Basic (client_secret_basic) and keeps the secret out of the body; refresh adds what the provider answers', async () => {
    const client = acmeClient({ tokenAuth: 'client_secret_basic', credentials: (t) => ({ refreshTokenExpiresAt: Number(t.x_refresh_token_expires_in) }) });
    let sent: Record<string, string> = {};
    nock(AUTH)
      .post('/token', (body) => ((sent = form(body)), true))
      .basicAuth({ user: 'acme-app', pass: SECRET })
      .reply(200, { access_token: 'at-2', refresh_token: 'rt-2', expires_in: 60, x_refresh_token_expires_in: 99, token_type: 'bearer' });
    expect(await client.refresh({ refreshToken: 'rt-1', credentials: {}, config: configFor() })).toMatchObject({ accessToken: 'at-2', refreshToken: 'rt-2', refreshTokenExpiresAt: 99 });
    expect(sent).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-1' });
  });

  it('keeps the stored refresh token when the answer has none, and assumes the lifetime the provider does not give', async () => {
    const client = acmeClient({ assumedLifetimeMs: 110 * 60_000 });
    nock(AUTH).post('/token').reply(200, { access_token: 'at-3', token_type: 'Bearer' });
    const before = Date.now();
    const fresh = await client.refresh({ refreshToken: 'rt-1', credentials: {}, config: configFor() });
    expect(fresh).not.toHaveProperty('refreshToken');
    expect(fresh.expiresAt).toBeGreaterThanOrEqual(before + 110 * 60_000);
  });

  it('turns invalid_grant into an AuthError a retry cannot fix, with the provider\'s words and the remedy', async () => {
    nock(AUTH).post('/token').reply(400, { error: 'invalid_grant', error_description: 'Refresh token has been used' });
    const failure = await acmeClient().refresh({ refreshToken: 'rt-old', credentials: {}, config: configFor() }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AuthError);
    expect(failure).toMatchObject({ retryable: false, status: 400 });
    expect((failure as Error).message).toBe('Acme token request failed (invalid_grant): Refresh token has been used — the grant was revoked, expired or already used: reconnect Acme');
  });

  it('reads non-standard error bodies too, and lets server errors be retried', async () => {
    nock(AUTH).post('/token').reply(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token' });
    await expect(acmeClient().refresh({ refreshToken: 'rt', credentials: {}, config: configFor() })).rejects.toThrow(new AuthError('Acme token request failed (BAD_REFRESH_TOKEN): missing or unknown refresh token', 400));
    nock(AUTH).post('/token').reply(503, 'upstream down', { 'content-type': 'text/plain' });
    const failure = await acmeClient().refresh({ refreshToken: 'rt', credentials: {}, config: configFor() }).catch((e: unknown) => e);
    expect(failure).not.toBeInstanceOf(AuthError);
    expect(failure).toMatchObject({ retryable: true, status: 503, message: 'Acme token request failed (HTTP 503): upstream down' });
  });

  it('says which variables are missing, and that a missing refresh token needs a reconnect, before any request', async () => {
    await expect(async () => acmeClient().authorizeUrl({ state: 's', redirectUri: REDIRECT, config: configFor({ ACME_CLIENT_SECRET: '' }) })).rejects.toThrow(new AuthError('ACME_CLIENT_ID and ACME_CLIENT_SECRET are needed for OAuth'));
    await expect(acmeClient().refresh({ refreshToken: undefined, credentials: {}, config: configFor() })).rejects.toThrow(new AuthError('No Acme refresh token is stored: reconnect Acme'));
  });

  describe('against a plain-http endpoint that never answers', () => {
    let server: Server;
    let base: string;
    beforeEach(async () => {
      nock.enableNetConnect('127.0.0.1');
      server = createServer(() => {});
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('gives up after the provider timeout with a retryable ProviderError (http allowed because it is configured)', async () => {
      const config = configFor({ ACME_AUTH_URL: base, CLIENTHUB_PROVIDER_TIMEOUT_MS: '200' });
      const failure = await acmeClient().exchangeCode({ code: 'c', redirectUri: REDIRECT, config }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ProviderError);
      expect(failure).not.toBeInstanceOf(AuthError);
      expect(failure).toMatchObject({ retryable: true, message: 'Acme did not answer within 0.2 s (OAuth token request)' });
    });
  });

  it('revokes the refresh token at the RFC 7009 endpoint, the access token where allowed, and nothing without a token', async () => {
    const revoked: Record<string, string>[] = [];
    nock(AUTH).post('/revoke', (body) => (revoked.push(form(body)), true)).basicAuth({ user: 'acme-app', pass: SECRET }).reply(200);
    await acmeClient({ tokenAuth: 'client_secret_basic' }).revoke!({ credentials: { accessToken: 'at', refreshToken: 'rt' }, config: configFor() });
    await acmeClient().revoke!({ credentials: { accessToken: 'at' }, config: configFor() });
    nock(AUTH, { badheaders: ['authorization'] }).post('/revoke', (body) => (revoked.push(form(body)), true)).reply(200);
    await acmeClient({ revokes: 'refresh-or-access', revocationAuth: 'none' }).revoke!({ credentials: { accessToken: 'at' }, config: configFor() });
    expect(revoked).toEqual([{ token: 'rt' }, { token: 'at', client_id: 'acme-app' }]);
    expect(nock.isDone()).toBe(true);
  });

  it('reports a refused revocation with the status and the provider\'s error', async () => {
    nock(AUTH).post('/revoke').reply(400, { error: 'unsupported_token_type' });
    await expect(acmeClient().revoke!({ credentials: { refreshToken: 'rt' }, config: configFor() })).rejects.toThrow(new AuthError('Acme refused the revocation (400 unsupported_token_type)', 400));
    nock(AUTH).post('/revoke').reply(503);
    await expect(acmeClient().revoke!({ credentials: { refreshToken: 'rt' }, config: configFor() })).rejects.toMatchObject({ retryable: true, message: 'Acme refused the revocation (503)' });
  });

  it('holds an SDK\'s own revocation to the provider timeout, and passes its answer or refusal through', async () => {
    const config = configFor({ CLIENTHUB_PROVIDER_TIMEOUT_MS: '100' });
    await expect(sdkRevocation('Acme', config, () => new Promise(() => {}))).rejects.toMatchObject({ retryable: true, message: 'Acme did not answer within 0.1 s (OAuth revocation)' });
    await expect(sdkRevocation('Acme', config, async () => 'archived')).resolves.toBeUndefined();
    await expect(sdkRevocation('Acme', config, async () => Promise.reject(new AuthError('Acme refused')))).rejects.toThrow(new AuthError('Acme refused'));
  });
});
