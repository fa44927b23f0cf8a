import { createOAuthClient, sdkRevocation, type OAuthSupport } from '../../src/connector-kit/index.js';
import { hubspotClientFor } from './create-hubspot-client.js';
import { hubspotSettings } from './settings.js';

/** HubSpot's public-app OAuth: /oauth/v1/token with the app's credentials in the form body, as HubSpot documents. */
const client = createOAuthClient({
  settings: hubspotSettings,
  endpoints: (s) => ({ authorize: s.authorizeUrl, token: `${s.baseUrl}/oauth/v1/token` }),
  tokenAuth: 'client_secret_post',
  scope: (s) => s.scopes.join(' '),
  responseType: false,
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
