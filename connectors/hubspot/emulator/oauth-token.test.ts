import { afterEach, describe, expect, it } from 'vitest';
import { startHubSpotEmulator } from './start-hubspot-emulator.js';
import type { HubSpotEmulator } from './start-hubspot-emulator.js';
import { sdkFailure, sdkFor } from './emulator-test-support.js';

const APP = { clientId: 'app-client-id', clientSecret: 'app-client-secret' };
const REDIRECT = 'http://localhost:3000/oauth/hubspot/callback';

describe('HubSpot OAuth endpoints through the SDK', () => {
  let emulator: HubSpotEmulator;
  afterEach(() => emulator?.close());

  it('authorizes straight back to the redirect URI with a code and the state', async () => {
    emulator = await startHubSpotEmulator({ oauth: APP });
    const url = new URL('/oauth/authorize', emulator.url);
    url.search = new URLSearchParams({ client_id: APP.clientId, redirect_uri: REDIRECT, scope: 'crm.objects.deals.read', state: 'xyz' }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('code')).toMatch(/^emulated-code-/);
  });

  it('exchanges a code, then refreshes, and the issued tokens open the API even when others are refused', async () => {
    emulator = await startHubSpotEmulator({ oauth: APP, acceptedTokens: ['private-app-token'] });
    const oauth = sdkFor(emulator.url, '').oauth.tokensApi;
    const tokens = await oauth.create('authorization_code', 'any-code', REDIRECT, APP.clientId, APP.clientSecret);
    expect(tokens).toMatchObject({ tokenType: 'bearer', expiresIn: 1800, accessToken: expect.any(String), refreshToken: expect.any(String) });

    expect((await sdkFor(emulator.url, tokens.accessToken).crm.owners.ownersApi.getPage()).results.length).toBeGreaterThan(0);
    expect((await sdkFailure(sdkFor(emulator.url, 'someone-else').crm.owners.ownersApi.getPage())).code).toBe(401);

    emulator.expireAccessToken(tokens.accessToken);
    const expired = await sdkFailure(sdkFor(emulator.url, tokens.accessToken).crm.owners.ownersApi.getPage());
    expect(expired.code).toBe(401);
    expect(expired.body).toMatchObject({ category: 'EXPIRED_AUTHENTICATION' });

    const refreshed = await oauth.create('refresh_token', undefined, undefined, APP.clientId, APP.clientSecret, tokens.refreshToken);
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect((await sdkFor(emulator.url, refreshed.accessToken).crm.owners.ownersApi.getPage()).results.length).toBeGreaterThan(0);
  });

  it('refuses a wrong client secret, a reused code and a missing refresh token with HubSpot\'s OAuth error shape', async () => {
    emulator = await startHubSpotEmulator({ oauth: APP });
    const oauth = sdkFor(emulator.url, '').oauth.tokensApi;
    const badSecret = await sdkFailure(oauth.create('authorization_code', 'c1', REDIRECT, APP.clientId, 'wrong'));
    expect(badSecret.code).toBe(400);
    expect(badSecret.body).toMatchObject({ status: 'BAD_CLIENT_SECRET', message: expect.any(String) });

    await oauth.create('authorization_code', 'c2', REDIRECT, APP.clientId, APP.clientSecret);
    expect((await sdkFailure(oauth.create('authorization_code', 'c2', REDIRECT, APP.clientId, APP.clientSecret))).body).toMatchObject({ status: 'BAD_AUTH_CODE' });
    expect((await sdkFailure(oauth.create('refresh_token', undefined, undefined, APP.clientId, APP.clientSecret, ''))).body).toMatchObject({ status: 'BAD_REFRESH_TOKEN' });
  });
});
