import type { QuickBooksEmulator } from './start-quickbooks-emulator.js';

/** The environment that points the hub at this emulator's company (for `npm run demo` and end-to-end tests). */
export function quickBooksHubEnv(emulator: QuickBooksEmulator, verifierToken: string) {
  return {
    QUICKBOOKS_BASE_URL: emulator.apiBase,
    QUICKBOOKS_TOKEN_URL: emulator.tokenUrl,
    QUICKBOOKS_AUTHORIZE_URL: emulator.authorizeUrl,
    QUICKBOOKS_REALM_ID: emulator.store.realmId,
    QUICKBOOKS_ACCESS_TOKEN: 'demo-quickbooks-access-token',
    QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: verifierToken,
  };
}
