import QuickBooks from 'node-quickbooks';
import { AuthError, createOAuthClient, sdkRevocation, type OAuthSupport } from '../../src/connector-kit/index.js';
import { MINOR_VERSION } from './create-quickbooks-client.js';
import { quickbooksSettings } from './settings.js';

/** Intuit's OAuth 2: the app's credentials in HTTP Basic, refresh tokens that rotate (the new one must replace the old). */
const client = createOAuthClient({
  settings: quickbooksSettings,
  endpoints: (s) => ({ authorize: s.authorizeUrl, token: s.tokenUrl }),
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
  async revoke({ credentials, config }) {
    if (!credentials.refreshToken) return;
    const { clientId, clientSecret, revokeUrl, sandbox } = quickbooksSettings.read(config);
    if (!clientId || !clientSecret) throw new AuthError('QUICKBOOKS_CLIENT_ID and QUICKBOOKS_CLIENT_SECRET are needed for OAuth');
    // Intuit's revoke endpoint takes JSON, not RFC 7009's form: node-quickbooks makes that call. It reads the URL from a class static: one per deployment.
    QuickBooks.REVOKE_URL = revokeUrl;
    const sdk = new QuickBooks(clientId, clientSecret, credentials.accessToken ?? '', false, '', sandbox, false, MINOR_VERSION, '2.0', credentials.refreshToken);
    await sdkRevocation('QuickBooks', config, () =>
      new Promise<void>((resolve, reject) => sdk.revokeAccess(true, (error: unknown) => (error ? reject(new AuthError(`QuickBooks refused the revocation: ${(error as Error).message ?? String(error)}`)) : resolve()))),
    );
  },
};
