import type { OAuthSupport, StoredCredentials } from '../../src/connector-kit/connector.js';
import type { AppConfig } from '../../src/config/load-config.js';
import { AuthError } from '../../src/sync/sync-errors.js';
import { listXeroTenants, type XeroTenant } from './list-tenants.js';
import { xeroSettings } from './settings.js';

const SCOPES = 'openid profile email offline_access accounting.transactions.read accounting.contacts.read';

interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

function requireApp(config: AppConfig) {
  const { clientId, clientSecret } = xeroSettings.read(config);
  if (!clientId || !clientSecret) throw new AuthError('XERO_CLIENT_ID and XERO_CLIENT_SECRET are needed for OAuth');
  return { clientId, clientSecret };
}

/**
 * Xero's token endpoint and connections list. XeroClient hard-codes identity.xero.com, so the
 * hub talks to the configurable identity URL itself (XERO_IDENTITY_URL) and sets tokens on the
 * SDK's AccountingApi. Refresh tokens rotate on every use: the new one always replaces the old.
 */
async function requestToken(config: AppConfig, params: Record<string, string>): Promise<TokenAnswer> {
  const { clientId, clientSecret } = requireApp(config);
  const response = await fetch(`${xeroSettings.read(config).identityUrl}/connect/token`, {
    method: 'POST',
    signal: AbortSignal.timeout(config.providerTimeoutMs),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: new URLSearchParams(params).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as TokenAnswer & { error?: string };
  if (!response.ok) throw new AuthError(`Xero token request failed (${body.error ?? response.status}): ${body.error === 'invalid_grant' ? 'the refresh token expired or was already used — reconnect Xero' : 'check the app credentials'}`);
  return body;
}

/** The configured organisation when it was granted, else the first: and every one granted, for the console to offer. */
export function tenantSettings(tenants: XeroTenant[], configured: string | undefined): Record<string, unknown> {
  if (tenants.length === 0) throw new AuthError('Xero granted access to no organisation');
  const chosen = tenants.find((t) => t.tenantId === configured) ?? tenants[0]!;
  return { tenantId: chosen.tenantId, accountId: chosen.tenantId, tenants: tenants.map((t) => ({ tenantId: t.tenantId, name: t.tenantName ?? null })) };
}

const credentials = (answer: TokenAnswer): StoredCredentials => ({ accessToken: answer.access_token, refreshToken: answer.refresh_token, expiresAt: Date.now() + answer.expires_in * 1000 });

export const xeroOAuth: OAuthSupport = {
  pkce: true,
  authorizeUrl({ state, redirectUri, config, pkce }) {
    const url = new URL(`${xeroSettings.read(config).identityUrl.replace('identity.xero.com', 'login.xero.com/identity')}/connect/authorize`);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', requireApp(config).clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('scope', SCOPES);
    url.searchParams.set('state', state);
    if (pkce) {
      url.searchParams.set('code_challenge', pkce.challenge);
      url.searchParams.set('code_challenge_method', 'S256');
    }
    return url.toString();
  },
  async exchangeCode({ code, redirectUri, config, pkce }) {
    const answer = await requestToken(config, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...(pkce ? { code_verifier: pkce.verifier } : {}) });
    // One login can grant several organisations: keep them all; the configured one (or the first) is used.
    return { ...credentials(answer), settings: tenantSettings(await listXeroTenants(config, answer.access_token), xeroSettings.read(config).tenantId) };
  },
  async refresh({ refreshToken, config }) {
    if (!refreshToken) throw new AuthError('No Xero refresh token is stored: reconnect Xero');
    return credentials(await requestToken(config, { grant_type: 'refresh_token', refresh_token: refreshToken }));
  },
  async revoke({ credentials, config }) {
    if (!credentials.refreshToken) return;
    // Revoking the refresh token removes every organisation connection this grant made.
    const { clientId, clientSecret } = requireApp(config);
    const response = await fetch(`${xeroSettings.read(config).identityUrl}/connect/revocation`, {
      method: 'POST',
      signal: AbortSignal.timeout(config.providerTimeoutMs),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ token: credentials.refreshToken }).toString(),
    });
    if (!response.ok) throw new AuthError(`Xero refused the revocation (${response.status})`);
  },
};
