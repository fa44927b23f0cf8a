import { AuthError, createOAuthClient, sdkOAuthCall, sdkRevocation, type OAuthSupport } from '../../src/connector-kit/index.js';
import { hubspotClientFor } from './create-hubspot-client.js';
import { hubspotSettings } from './settings.js';
import { hubspotErrorMessage } from './call-hubspot.js';

/**
 * HubSpot's public-app OAuth: /oauth/v1/token with the app's credentials in the form body, as HubSpot
 * documents it. The read scopes are required; the scopes of the portal's actions are asked for as
 * `optional_scope`, which an account grants where its tier has them. What was granted is read back
 * from the token's metadata (GET /oauth/v1/access-tokens/{token}) and recorded with the connection,
 * with the account id webhooks are routed by.
 */
const client = createOAuthClient({
  settings: hubspotSettings,
  endpoints: (s) => ({ authorize: s.authorizeUrl, token: `${s.baseUrl}/oauth/v1/token` }),
  tokenAuth: 'client_secret_post',
  scope: (s) => s.scopes.join(' '),
  authorizeParams: (s) => ({ optional_scope: s.optionalScopes.filter((scope) => !s.scopes.includes(scope)).join(' ') }),
  responseType: false,
  async connect({ tokens, config, settings }) {
    const sdk = hubspotClientFor(settings.baseUrl, tokens.access_token);
    let info;
    try {
      info = await sdkOAuthCall('HubSpot', config, 'OAuth token metadata', () => sdk.oauth.accessTokensApi.get(tokens.access_token));
    } catch (error) {
      throw new AuthError(`HubSpot granted access but its token metadata (the granted scopes and account) could not be read: ${hubspotErrorMessage(error as Parameters<typeof hubspotErrorMessage>[0])}`);
    }
    return { grantedScopes: [...info.scopes].sort(), accountId: String(info.hubId), ...(info.hubDomain ? { hubDomain: info.hubDomain } : {}) };
  },
});

export const hubspotOAuth: OAuthSupport = {
  ...client,
  async revoke({ credentials, config }) {
    const token = credentials.refreshToken;
    if (!token) return;
    // HubSpot has no RFC 7009 endpoint: DELETE /oauth/v1/refresh-tokens/:token, the official SDK's call. The app loses access to the account.
    await sdkRevocation('HubSpot', config, () => hubspotClientFor(hubspotSettings.read(config).baseUrl, '').oauth.refreshTokensApi.archive(token));
  },
};
