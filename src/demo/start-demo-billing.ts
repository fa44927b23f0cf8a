import { QuickBooksEmulatorStore } from '../../connectors/quickbooks/emulator/quickbooks-emulator-store.js';
import { startQuickBooksEmulator } from '../../connectors/quickbooks/emulator/start-quickbooks-emulator.js';
import { seedQuickBooksDemo } from '../../connectors/quickbooks/emulator/seed-quickbooks-demo.js';
import { XeroEmulatorStore } from '../../connectors/xero/emulator/xero-emulator-store.js';
import { startXeroEmulator } from '../../connectors/xero/emulator/start-xero-emulator.js';
import { seedXeroDemo } from '../../connectors/xero/emulator/seed-xero-demo.js';
import { StripeEmulatorStore } from '../../connectors/stripe/emulator/stripe-emulator-store.js';
import { startStripeEmulator } from '../../connectors/stripe/emulator/start-stripe-emulator.js';
import { seedStripeDemo } from '../../connectors/stripe/emulator/seed-stripe-demo.js';
import { AsanaEmulatorStore } from '../../connectors/asana/emulator/asana-emulator-store.js';
import { startAsanaEmulator } from '../../connectors/asana/emulator/start-asana-emulator.js';
import { seedAsanaDemo } from '../../connectors/asana/emulator/seed-asana-demo.js';
import { asanaHubEnv } from '../../connectors/asana/emulator/hub-env.js';

export interface DemoBilling {
  describe: string[];
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The accounting, payment and project side of the demo: local QuickBooks, Xero, Stripe and Asana seeded with the
 * same client companies as the CRM emulator (names, domains, people), each reached through its real
 * connector. Nothing links them to clients but the hub's identity rules.
 */
export async function startDemoBilling(mode: 'tokens' | 'oauth' = 'tokens'): Promise<DemoBilling> {
  const quickbooksStore = new QuickBooksEmulatorStore();
  seedQuickBooksDemo(quickbooksStore);
  const quickbooks = await startQuickBooksEmulator({ store: quickbooksStore, port: Number(process.env.QUICKBOOKS_EMULATOR_PORT ?? 0) });
  const xeroStore = new XeroEmulatorStore();
  seedXeroDemo(xeroStore);
  const xero = await startXeroEmulator({ store: xeroStore, port: Number(process.env.XERO_EMULATOR_PORT ?? 0) });
  const stripeStore = new StripeEmulatorStore();
  seedStripeDemo(stripeStore);
  const stripe = await startStripeEmulator({ store: stripeStore, port: Number(process.env.STRIPE_EMULATOR_PORT ?? 0) });
  const asanaStore = new AsanaEmulatorStore();
  seedAsanaDemo(asanaStore);
  const asana = await startAsanaEmulator({ store: asanaStore, port: Number(process.env.ASANA_EMULATOR_PORT ?? 0) });
  return {
    describe: [`QuickBooks emulator at ${quickbooks.url}`, `Xero emulator at ${xero.url}`, `Stripe emulator at ${stripe.url}`, `Asana emulator at ${asana.url}`],
    // 'tokens': connections defined by environment, synced at once. 'oauth': only the apps' keys and
    // endpoints, so staff connect each account from the console as they would a real one.
    env: mode === 'oauth' ? {
      QUICKBOOKS_BASE_URL: quickbooks.apiBase,
      QUICKBOOKS_TOKEN_URL: quickbooks.tokenUrl,
      QUICKBOOKS_AUTHORIZE_URL: quickbooks.authorizeUrl,
      QUICKBOOKS_CLIENT_ID: 'demo-quickbooks-app',
      QUICKBOOKS_CLIENT_SECRET: 'demo-quickbooks-secret',
      XERO_BASE_URL: xero.url,
      XERO_IDENTITY_URL: xero.url,
      XERO_CLIENT_ID: 'demo-xero-app',
      XERO_CLIENT_SECRET: 'demo-xero-secret',
      STRIPE_BASE_URL: stripe.url,
      // The emulator has no webhook-endpoint API: the demo's endpoint counts as set up by hand.
      STRIPE_WEBHOOK_SECRET: 'whsec_demo',
      ASANA_BASE_URL: asana.apiBase,
      ASANA_AUTHORIZE_URL: `${asana.url}/-/oauth_authorize`,
      ASANA_TOKEN_URL: `${asana.url}/-/oauth_token`,
      ASANA_CLIENT_ID: 'demo-asana-app',
      ASANA_CLIENT_SECRET: 'demo-asana-secret',
    } : {
      QUICKBOOKS_BASE_URL: quickbooks.apiBase,
      QUICKBOOKS_REALM_ID: quickbooksStore.realmId,
      QUICKBOOKS_ACCESS_TOKEN: 'demo-quickbooks-token',
      QUICKBOOKS_TOKEN_URL: quickbooks.tokenUrl,
      QUICKBOOKS_AUTHORIZE_URL: quickbooks.authorizeUrl,
      XERO_BASE_URL: xero.url,
      XERO_IDENTITY_URL: xero.url,
      XERO_TENANT_ID: xeroStore.tenantId,
      XERO_ACCESS_TOKEN: 'demo-xero-token',
      STRIPE_SECRET_KEY: 'sk_test_demo',
      STRIPE_BASE_URL: stripe.url,
      STRIPE_WEBHOOK_SECRET: 'whsec_demo',
      ...asanaHubEnv(asana),
    },
    async close() {
      await Promise.all([quickbooks.close(), xero.close(), stripe.close(), asana.close()]);
    },
  };
}
