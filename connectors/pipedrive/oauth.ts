/**
 * Pipedrive's OAuth 2 (PIPEDRIVE_OAUTH_URL: /oauth/authorize, /oauth/token, /oauth/revoke), through
 * the connector kit's one OAuth client: the app's credentials in HTTP Basic, as Pipedrive documents;
 * refresh tokens that stay the same; revoking the refresh token uninstalls the app for the user and
 * ends its access tokens. The token response's `api_domain` (the company's own API host) becomes the
 * connection's base URL, and the company id, read once with the new token through the SDK, routes
 * its webhooks.
 */
import { AuthError, createOAuthClient, type TokenResponse } from '../../src/connector-kit/index.js';
import { pipedriveClientFor } from './create-pipedrive-client.js';
import { describePipedriveFailure } from './call-pipedrive.js';
import { pipedriveSettings } from './settings.js';

/** `api_domain` decides where the access token is sent: only an absolute http(s) origin is taken. */
function apiDomainOf(tokens: TokenResponse): string | undefined {
  const domain = tokens.api_domain;
  if (typeof domain !== 'string' || !/^https?:\/\/[^/\s]+\/?$/i.test(domain)) return undefined;
  return domain.replace(/\/+$/, '');
}

export const pipedriveOAuth = createOAuthClient({
  settings: pipedriveSettings,
  endpoints: (s) => ({ authorize: `${s.oauthUrl}/oauth/authorize`, token: `${s.oauthUrl}/oauth/token`, revocation: `${s.oauthUrl}/oauth/revoke` }),
  tokenAuth: 'client_secret_basic',
  // Scopes are the app's, chosen in Pipedrive's Developer Hub: the authorize URL names none.
  async connect({ tokens, config, settings }) {
    const apiDomain = apiDomainOf(tokens) ?? settings.baseUrl;
    let companyId: string | undefined;
    try {
      const me = await pipedriveClientFor(apiDomain, tokens.access_token, config.providerTimeoutMs).users.getCurrentUser();
      companyId = me.data?.company_id == null ? undefined : String(me.data.company_id);
    } catch (error) {
      throw new AuthError(`Pipedrive granted access but the company could not be read: ${describePipedriveFailure(error).text}`);
    }
    return { apiDomain, ...(companyId ? { companyId, accountId: companyId } : {}) };
  },
});
