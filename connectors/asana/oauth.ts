import type { OAuthSupport, StoredCredentials } from '../../src/connector-kit/connector.js';
import type { AppConfig } from '../../src/config/load-config.js';
import { AuthError } from '../../src/sync/sync-errors.js';
import { createAsanaApis, type AsanaAnswer } from './asana-client.js';
import { describeAsanaFailure } from './call-asana.js';
import { asanaSettings } from './settings.js';

interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  data?: { gid?: string; name?: string; email?: string };
}

function requireApp(config: AppConfig) {
  const { clientId, clientSecret } = asanaSettings.read(config);
  if (!clientId || !clientSecret) throw new AuthError('ASANA_CLIENT_ID and ASANA_CLIENT_SECRET are needed for OAuth');
  return { clientId, clientSecret };
}

/**
 * Asana's token endpoint (ASANA_TOKEN_URL). The asana v3 SDK has no OAuth helpers, so this one
 * form POST is made directly; the app's credentials go in the body, as Asana documents.
 */
async function requestToken(config: AppConfig, params: Record<string, string>): Promise<TokenAnswer> {
  const { clientId, clientSecret } = requireApp(config);
  const response = await fetch(asanaSettings.read(config).tokenUrl, {
    method: 'POST',
    signal: AbortSignal.timeout(config.providerTimeoutMs),
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...params, client_id: clientId, client_secret: clientSecret }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as TokenAnswer & { error?: string; error_description?: string };
  if (!response.ok || !body.access_token) {
    const reason = body.error === 'invalid_grant' ? 'the grant was revoked or expired — reconnect Asana' : (body.error_description ?? body.error ?? `HTTP ${response.status}`);
    throw new AuthError(`Asana token request failed: ${reason}`);
  }
  return body;
}

/** Asana refresh tokens do not rotate: a refresh answers no new one, and the stored one stays. */
const toCredentials = (answer: TokenAnswer): StoredCredentials => ({
  accessToken: answer.access_token,
  ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
  expiresAt: Date.now() + answer.expires_in * 1000,
});

/** The workspaces the user granted: the configured one, else the first, is synced (all are kept in settings to choose from). */
async function grantedWorkspaces(config: AppConfig, accessToken: string): Promise<{ gid: string; name: string | null }[]> {
  const apis = createAsanaApis(asanaSettings.read(config).baseUrl, accessToken);
  try {
    const answer = (await apis.users.getUserWithHttpInfo('me', { opt_fields: 'gid,workspaces.gid,workspaces.name' })) as AsanaAnswer<{ data?: { workspaces?: { gid: string; name?: string }[] } }>;
    return (answer.data?.data?.workspaces ?? []).map((w) => ({ gid: w.gid, name: w.name ?? null }));
  } catch (caught) {
    throw new AuthError(`Could not read the Asana user's workspaces: ${describeAsanaFailure(caught).text}`);
  }
}

export const asanaOAuth: OAuthSupport = {
  pkce: true,
  authorizeUrl({ state, redirectUri, config, pkce }) {
    const url = new URL(asanaSettings.read(config).authorizeUrl);
    url.searchParams.set('client_id', requireApp(config).clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('state', state);
    if (pkce) {
      url.searchParams.set('code_challenge', pkce.challenge);
      url.searchParams.set('code_challenge_method', 'S256');
    }
    // No scope parameter: Asana then grants the app's default scope, whatever the app is configured for.
    return url.toString();
  },
  async exchangeCode({ code, redirectUri, config, pkce }) {
    const answer = await requestToken(config, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...(pkce ? { code_verifier: pkce.verifier } : {}) });
    const workspaces = await grantedWorkspaces(config, answer.access_token);
    if (workspaces.length === 0) throw new AuthError('The Asana user belongs to no workspace');
    const chosen = workspaces.find((w) => w.gid === asanaSettings.read(config).workspaceGid) ?? workspaces[0]!;
    return { ...toCredentials(answer), settings: { workspaceGid: chosen.gid, accountId: chosen.gid, userGid: answer.data?.gid ?? null, workspaces } };
  },
  async refresh({ refreshToken, config }) {
    if (!refreshToken) throw new AuthError('No Asana refresh token is stored: reconnect Asana');
    return toCredentials(await requestToken(config, { grant_type: 'refresh_token', refresh_token: refreshToken }));
  },
  async revoke({ credentials, config }) {
    const token = credentials.refreshToken ?? credentials.accessToken;
    if (!token) return;
    const { clientId, clientSecret } = requireApp(config);
    const response = await fetch(asanaSettings.read(config).tokenUrl.replace(/oauth_token$/, 'oauth_revoke'), {
      method: 'POST',
      signal: AbortSignal.timeout(config.providerTimeoutMs),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, token }).toString(),
    });
    if (!response.ok) throw new AuthError(`Asana refused the revocation (${response.status})`);
  },
};
