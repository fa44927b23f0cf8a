import type { OAuthSupport, StoredCredentials } from '../../src/connector-kit/connector.js';
import type { AppConfig } from '../../src/config/load-config.js';
import { AuthError } from '../../src/sync/sync-errors.js';
import { hubspotClientFor } from './create-hubspot-client.js';
import { hubspotErrorMessage } from './call-hubspot.js';
import { hubspotSettings } from './settings.js';

function requireApp(config: AppConfig): { clientId: string; clientSecret: string } {
  const { clientId, clientSecret } = hubspotSettings.read(config);
  if (!clientId || !clientSecret) throw new AuthError('HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET are needed for OAuth');
  return { clientId, clientSecret };
}

async function requestTokens(config: AppConfig, grant: { code?: string; redirectUri?: string; refreshToken?: string }): Promise<StoredCredentials> {
  const { clientId, clientSecret } = requireApp(config);
  // The token endpoint needs no bearer token; the SDK client is only the transport here.
  const client = hubspotClientFor(hubspotSettings.read(config).baseUrl, '');
  try {
    const tokens = await client.oauth.tokensApi.create(
      grant.code ? 'authorization_code' : 'refresh_token',
      grant.code,
      grant.redirectUri,
      clientId,
      clientSecret,
      grant.refreshToken,
    );
    return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: Date.now() + tokens.expiresIn * 1000 };
  } catch (error) {
    throw new AuthError(`HubSpot token request failed: ${hubspotErrorMessage(error as { code?: number; body?: unknown; message?: string })}`);
  }
}

export const hubspotOAuth: OAuthSupport = {
  authorizeUrl({ state, redirectUri, config }) {
    const { clientId } = requireApp(config);
    const url = new URL(hubspotSettings.read(config).authorizeUrl);
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('scope', hubspotSettings.read(config).scopes.join(' '));
    url.searchParams.set('state', state);
    return url.toString();
  },
  exchangeCode: ({ code, redirectUri, config }) => requestTokens(config, { code, redirectUri }),
  refresh({ refreshToken, config }) {
    if (!refreshToken) throw new AuthError('No HubSpot refresh token is stored: reconnect the account');
    return requestTokens(config, { refreshToken });
  },
  async revoke({ credentials, config }) {
    if (!credentials.refreshToken) return;
    // DELETE /oauth/v1/refresh-tokens/:token: the app loses access to the account.
    await hubspotClientFor(hubspotSettings.read(config).baseUrl, '').oauth.refreshTokensApi.archive(credentials.refreshToken);
  },
};
