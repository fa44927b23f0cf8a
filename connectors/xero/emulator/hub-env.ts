import type { XeroEmulator } from './start-xero-emulator.js';

/** The environment that points the hub at this emulator's organisation. */
export function xeroHubEnv(emulator: XeroEmulator, webhookKey: string) {
  return {
    XERO_BASE_URL: emulator.url,
    XERO_IDENTITY_URL: emulator.url,
    XERO_TENANT_ID: emulator.store.tenantId,
    XERO_ACCESS_TOKEN: 'demo-xero-access-token',
    XERO_WEBHOOK_KEY: webhookKey,
  };
}
