import { OAuth2 } from 'jsforce';
import type { OAuthSupport, StoredCredentials } from '../../src/connector-kit/connector.js';
import type { AppConfig } from '../../src/config/load-config.js';
import { AuthError } from '../../src/sync/sync-errors.js';
import { requestJwtBearerToken } from './jwt-bearer.js';
import { salesforceSettings } from './settings.js';

/** Salesforce does not say when an access token expires; sessions default to two hours, so refresh a little before. */
const ASSUMED_LIFETIME_MS = 110 * 60_000;

function oauth2(config: AppConfig, redirectUri?: string): OAuth2 {
  const { clientId, clientSecret, loginUrl } = salesforceSettings.read(config);
  if (!clientId || !clientSecret) throw new AuthError('SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET are needed for OAuth');
  return new OAuth2({ loginUrl, clientId, clientSecret, redirectUri });
}

interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  instance_url: string;
  id?: string;
}

function toCredentials(answer: TokenAnswer): StoredCredentials & { settings: Record<string, unknown> } {
  // The identity URL ends /id/<orgId>/<userId>: the org is what outbound messages are checked against.
  const orgId = answer.id?.split('/').at(-2);
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token,
    expiresAt: Date.now() + ASSUMED_LIFETIME_MS,
    settings: { instanceUrl: answer.instance_url, ...(orgId ? { accountId: orgId.slice(0, 15) } : {}) },
  };
}

/** OAuth 2.0 web-server flow through jsforce; the login URL picks production, sandbox or My Domain. */
export const salesforceOAuth: OAuthSupport = {
  pkce: true,
  authorizeUrl({ state, redirectUri, config, pkce }) {
    return oauth2(config, redirectUri).getAuthorizationUrl({ state, scope: 'api refresh_token', ...(pkce ? { code_challenge: pkce.challenge, code_challenge_method: 'S256' } : {}) });
  },
  async exchangeCode({ code, redirectUri, config, pkce }) {
    try {
      return toCredentials((await oauth2(config, redirectUri).requestToken(code, pkce ? { code_verifier: pkce.verifier } : {})) as unknown as TokenAnswer);
    } catch (error) {
      throw new AuthError(`Salesforce token request failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  },
  renewsWithoutRefreshToken: (credentials) => credentials.grant === 'jwt-bearer',
  async refresh({ refreshToken, credentials, config }) {
    if (credentials.grant === 'jwt-bearer') {
      const { settings: _settings, ...fresh } = toCredentials(await requestJwtBearerToken(config));
      return { ...fresh, grant: 'jwt-bearer' };
    }
    if (!refreshToken) throw new AuthError('No Salesforce refresh token is stored: reconnect the org');
    try {
      const { settings: _settings, ...credentials } = toCredentials((await oauth2(config).refreshToken(refreshToken)) as unknown as TokenAnswer);
      return credentials;
    } catch (error) {
      throw new AuthError(`Salesforce refresh failed (reconnect the org if the refresh token was revoked): ${error instanceof Error ? error.message : String(error)}`);
    }
  },
  async revoke({ credentials, config }) {
    const token = credentials.refreshToken ?? credentials.accessToken;
    // A JWT-bearer connection has no grant to revoke: removing the Connected App's pre-authorization does that.
    if (!token || credentials.grant === 'jwt-bearer') return;
    await oauth2(config).revokeToken(token);
  },
};
