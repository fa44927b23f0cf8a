import { createOAuthClient, type OAuthSupport } from '../../src/connector-kit/index.js';
import { requestJwtBearerToken } from './jwt-bearer.js';
import { salesforceSettings } from './settings.js';

/** Salesforce does not say when an access token expires; sessions default to two hours, so refresh a little before. */
const ASSUMED_LIFETIME_MS = 110 * 60_000;

/** The identity URL ends /id/<orgId>/<userId>: the org is what outbound messages are checked against. */
function orgSettings(answer: Record<string, unknown>): Record<string, unknown> {
  const orgId = typeof answer.id === 'string' ? answer.id.split('/').at(-2) : undefined;
  return { instanceUrl: answer.instance_url, ...(orgId ? { accountId: orgId.slice(0, 15) } : {}) };
}

/**
 * The OAuth 2.0 web-server flow with PKCE; the login URL picks production, sandbox or My Domain.
 * The consumer secret goes in the form body, as Salesforce documents; /services/oauth2/revoke takes the token alone.
 */
const client = createOAuthClient({
  settings: salesforceSettings,
  endpoints: (s) => ({ authorize: `${s.loginUrl}/services/oauth2/authorize`, token: `${s.loginUrl}/services/oauth2/token`, revocation: `${s.loginUrl}/services/oauth2/revoke` }),
  tokenAuth: 'client_secret_post',
  revocationAuth: 'none',
  pkce: true,
  scope: () => 'api refresh_token',
  revokes: 'refresh-or-access',
  assumedLifetimeMs: ASSUMED_LIFETIME_MS,
  connect: ({ tokens }) => orgSettings(tokens),
});

export const salesforceOAuth: OAuthSupport = {
  ...client,
  // The JWT bearer flow (jwt-bearer.ts) has no refresh token: a new assertion renews the session.
  renewsWithoutRefreshToken: (credentials) => credentials.grant === 'jwt-bearer',
  async refresh(input) {
    if (input.credentials.grant !== 'jwt-bearer') return client.refresh(input);
    return { accessToken: (await requestJwtBearerToken(input.config)).access_token, expiresAt: Date.now() + ASSUMED_LIFETIME_MS, grant: 'jwt-bearer' };
  },
  async revoke(input) {
    // A JWT-bearer connection has no grant to revoke: removing the Connected App's pre-authorization does that.
    if (input.credentials.grant !== 'jwt-bearer') await client.revoke!(input);
  },
};
