import QuickBooks from 'node-quickbooks';
import type { OAuthSupport, StoredCredentials } from '../../src/connector-kit/connector.js';
import type { AppConfig } from '../../src/config/load-config.js';
import { AuthError } from '../../src/sync/sync-errors.js';
import { MINOR_VERSION, qbo } from './create-quickbooks-client.js';
import { quickbooksSettings } from './settings.js';

interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  /** Since late 2025 refresh tokens also have a hard maximum life. */
  x_refresh_token_expires_in?: number;
}

function requireApp(config: AppConfig) {
  const { clientId, clientSecret } = quickbooksSettings.read(config);
  if (!clientId || !clientSecret) throw new AuthError('QUICKBOOKS_CLIENT_ID and QUICKBOOKS_CLIENT_SECRET are needed for OAuth');
  return { clientId, clientSecret };
}

function toCredentials(answer: TokenAnswer): StoredCredentials {
  return {
    accessToken: answer.access_token,
    // Intuit rotates refresh tokens: the new one must replace the old, which stops working.
    refreshToken: answer.refresh_token,
    expiresAt: Date.now() + answer.expires_in * 1000,
    refreshTokenExpiresAt: answer.x_refresh_token_expires_in ? Date.now() + answer.x_refresh_token_expires_in * 1000 : undefined,
  };
}

export const quickBooksOAuth: OAuthSupport = {
  authorizeUrl({ state, redirectUri, config }) {
    const url = new URL(quickbooksSettings.read(config).authorizeUrl);
    url.searchParams.set('client_id', requireApp(config).clientId);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', 'com.intuit.quickbooks.accounting');
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    return url.toString();
  },
  // node-quickbooks has no code exchange: this one request goes to Intuit's token endpoint directly.
  async exchangeCode({ code, redirectUri, config, callbackParams }) {
    const realmId = callbackParams?.realmId;
    if (!realmId) throw new AuthError('QuickBooks did not say which company was connected (no realmId on the callback)');
    const { clientId, clientSecret } = requireApp(config);
    const response = await fetch(quickbooksSettings.read(config).tokenUrl, {
      method: 'POST',
      signal: AbortSignal.timeout(config.providerTimeoutMs),
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }).toString(),
    });
    const body = (await response.json().catch(() => ({}))) as TokenAnswer & { error?: string; error_description?: string };
    if (!response.ok) throw new AuthError(`QuickBooks token request failed: ${body.error_description ?? body.error ?? response.status}`);
    return { ...toCredentials(body), settings: { realmId, accountId: realmId } };
  },
  async refresh({ refreshToken, config }) {
    if (!refreshToken) throw new AuthError('No QuickBooks refresh token is stored: reconnect the company');
    const { clientId, clientSecret } = requireApp(config);
    // The SDK reads its token URL from a class static; this deployment has one token URL.
    QuickBooks.TOKEN_URL = quickbooksSettings.read(config).tokenUrl;
    const client = new QuickBooks(clientId, clientSecret, '', false, '', quickbooksSettings.read(config).sandbox, false, MINOR_VERSION, '2.0', refreshToken);
    try {
      return toCredentials(await qbo<TokenAnswer>((done) => client.refreshAccessToken(done as (e: unknown, b: unknown) => void)));
    } catch (error) {
      const data = (error as { response?: { data?: { error?: string } } }).response?.data;
      throw new AuthError(`QuickBooks refresh failed (${data?.error ?? (error as Error).message}): reconnect the company if the refresh token expired`);
    }
  },
  async revoke({ credentials, config }) {
    if (!credentials.refreshToken) return;
    const { clientId, clientSecret } = requireApp(config);
    // Like TOKEN_URL, the SDK reads the revocation endpoint from a class static: one per deployment.
    QuickBooks.REVOKE_URL = quickbooksSettings.read(config).revokeUrl;
    const client = new QuickBooks(clientId, clientSecret, credentials.accessToken ?? '', false, '', quickbooksSettings.read(config).sandbox, false, MINOR_VERSION, '2.0', credentials.refreshToken);
    await new Promise<void>((resolve, reject) =>
      client.revokeAccess(true, (error: unknown) => (error ? reject(new AuthError(`QuickBooks refused the revocation: ${(error as Error).message ?? String(error)}`)) : resolve())),
    );
  },
};
