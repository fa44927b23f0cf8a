import { AuthError, createOAuthClient, type OAuthSupport } from '../../src/connector-kit/index.js';
import { quickbooksSettings } from './settings.js';

/**
 * Intuit's OAuth 2: the app's credentials in HTTP Basic, refresh tokens that rotate (the new one
 * must replace the old), and revocation of the refresh token with the form request node-quickbooks
 * used to send (token=…, HTTP Basic), which is RFC 7009's.
 */
const client = createOAuthClient({
  settings: quickbooksSettings,
  endpoints: (s) => ({ authorize: s.authorizeUrl, token: s.tokenUrl, revocation: s.revokeUrl }),
  tokenAuth: 'client_secret_basic',
  scope: () => 'com.intuit.quickbooks.accounting',
  // Since late 2025 refresh tokens also have a hard maximum life.
  credentials: (tokens) => (typeof tokens.x_refresh_token_expires_in === 'number' ? { refreshTokenExpiresAt: Date.now() + tokens.x_refresh_token_expires_in * 1000 } : {}),
  connect: ({ callbackParams }) => ({ realmId: callbackParams.realmId, accountId: callbackParams.realmId }),
});

export const quickBooksOAuth: OAuthSupport = {
  ...client,
  async exchangeCode(input) {
    // The company comes on the callback, not in the token answer: without it the code is not spent.
    if (!input.callbackParams?.realmId) throw new AuthError('QuickBooks did not say which company was connected (no realmId on the callback)');
    return client.exchangeCode(input);
  },
};
