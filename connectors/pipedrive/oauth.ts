/**
 * OAuth 2 through the official SDK's OAuth2Configuration (authorize URL, code exchange, refresh,
 * revoke against PIPEDRIVE_OAUTH_URL, client credentials in HTTP basic auth). Kept to this one file
 * so a shared kit client can replace it. The token response's `api_domain` (the company's own API
 * host) becomes the connection's base URL, and the company id, read once with the new token,
 * routes its webhooks.
 */
import { v2 } from 'pipedrive';
import { AuthError, type AppConfig, type OAuthSupport, type StoredCredentials } from '../../src/connector-kit/index.js';
import { pipedriveClientFor } from './create-pipedrive-client.js';
import { describePipedriveFailure } from './call-pipedrive.js';
import { pipedriveSettings } from './settings.js';

function requireApp(config: AppConfig): { clientId: string; clientSecret: string } {
  const { clientId, clientSecret } = pipedriveSettings.read(config);
  if (!clientId || !clientSecret) throw new AuthError('PIPEDRIVE_CLIENT_ID and PIPEDRIVE_CLIENT_SECRET are needed for OAuth');
  return { clientId, clientSecret };
}

/** The SDK wants a redirect URI even where the grant sends none (refresh, revoke): the hub's callback. */
function oauthClient(config: AppConfig, redirectUri = `${config.publicUrl}/oauth/pipedrive/callback`): v2.OAuth2Configuration {
  const { clientId, clientSecret } = requireApp(config);
  return new v2.OAuth2Configuration({ clientId, clientSecret, redirectUri, host: pipedriveSettings.read(config).oauthUrl });
}

/** The SDK rejects with the response body alone: OAuth's `{ error, error_description }` or Pipedrive's `{ message }`. */
function oauthFailure(what: string, caught: unknown): AuthError {
  const body = caught as { error?: unknown; error_description?: unknown; message?: unknown } | undefined;
  const words = [body?.error, body?.error_description, body?.message].filter((part): part is string => typeof part === 'string' && part !== '');
  return new AuthError(`Pipedrive ${what} failed: ${words.length > 0 ? words.join(': ') : String(caught)}`);
}

function toCredentials(token: v2.TokenResponse, previousRefresh?: string): StoredCredentials {
  return {
    accessToken: token.access_token,
    refreshToken: token.refresh_token || previousRefresh,
    expiresAt: typeof token.expires_in === 'number' ? Date.now() + token.expires_in * 1000 : undefined,
  };
}

/** `api_domain` decides where the access token is sent: only an absolute http(s) origin is taken. */
function apiDomainOf(token: v2.TokenResponse): string | undefined {
  if (typeof token.api_domain !== 'string' || !/^https?:\/\/[^/\s]+\/?$/i.test(token.api_domain)) return undefined;
  return token.api_domain.replace(/\/+$/, '');
}

export const pipedriveOAuth: OAuthSupport = {
  authorizeUrl({ state, redirectUri, config }) {
    // The SDK's authorizationUrl has client_id and redirect_uri but no state: the hub adds its own.
    const url = new URL(oauthClient(config, redirectUri).authorizationUrl);
    url.searchParams.set('state', state);
    return url.toString();
  },
  async exchangeCode({ code, redirectUri, config }) {
    let token: v2.TokenResponse;
    try {
      token = await oauthClient(config, redirectUri).authorize(code);
    } catch (error) {
      throw oauthFailure('code exchange', error);
    }
    const credentials = toCredentials(token);
    const apiDomain = apiDomainOf(token) ?? pipedriveSettings.read(config).baseUrl;
    let companyId: string | undefined;
    try {
      const me = await pipedriveClientFor(apiDomain, credentials.accessToken ?? '', config.providerTimeoutMs).users.getCurrentUser();
      companyId = me.data?.company_id == null ? undefined : String(me.data.company_id);
    } catch (error) {
      throw new AuthError(`Pipedrive granted access but the company could not be read: ${describePipedriveFailure(error).text}`);
    }
    return { ...credentials, settings: { apiDomain, ...(companyId ? { companyId, accountId: companyId } : {}) } };
  },
  async refresh({ refreshToken, config }) {
    if (!refreshToken) throw new AuthError('No Pipedrive refresh token is stored: reconnect the account');
    const client = oauthClient(config);
    client.updateToken({ refresh_token: refreshToken } as v2.TokenResponse);
    try {
      return toCredentials(await client.tokenRefresh(), refreshToken);
    } catch (error) {
      throw oauthFailure('token refresh', error);
    }
  },
  async revoke({ credentials, config }) {
    if (!credentials.refreshToken) return;
    const client = oauthClient(config);
    client.updateToken({ refresh_token: credentials.refreshToken } as v2.TokenResponse);
    // Revoking the refresh token uninstalls the app for the user and ends its access tokens too.
    await client.revokeToken('refresh_token');
  },
};
