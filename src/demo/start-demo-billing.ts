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
import { rateLimitEveryFromEnv } from '../../connectors/emulator-support/rate-limit-every.js';
import { asanaHubEnv } from '../../connectors/asana/emulator/hub-env.js';
import { quickBooksHubEnv } from '../../connectors/quickbooks/emulator/hub-env.js';
import { xeroHubEnv } from '../../connectors/xero/emulator/hub-env.js';
import { stripeHubEnv } from '../../connectors/stripe/emulator/hub-env.js';

/** The demo's app keys at each OAuth provider (the emulators accept any). */
const OAUTH_APPS = {
  QUICKBOOKS_CLIENT_ID: 'demo-quickbooks-app',
  QUICKBOOKS_CLIENT_SECRET: 'demo-quickbooks-secret',
  XERO_CLIENT_ID: 'demo-xero-app',
  XERO_CLIENT_SECRET: 'demo-xero-secret',
  ASANA_CLIENT_ID: 'demo-asana-app',
  ASANA_CLIENT_SECRET: 'demo-asana-secret',
};

/** The emulators' endpoints without the variables that define a connection (tokens, keys, which account). */
function withoutAccounts(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/(_ACCESS_TOKEN|_REALM_ID|_TENANT_ID|_WORKSPACE_GID|STRIPE_SECRET_KEY)$/.test(name)));
}

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
  const quickbooks = await startQuickBooksEmulator({ store: quickbooksStore, port: Number(process.env.QUICKBOOKS_EMULATOR_PORT ?? 0), rateLimitEvery: rateLimitEveryFromEnv('QUICKBOOKS') });
  const xeroStore = new XeroEmulatorStore();
  const xeroSeed = seedXeroDemo(xeroStore);
  const xero = await startXeroEmulator({ store: xeroStore, port: Number(process.env.XERO_EMULATOR_PORT ?? 0), rateLimitEvery: rateLimitEveryFromEnv('XERO') });
  const stripeStore = new StripeEmulatorStore();
  const stripeSeed = seedStripeDemo(stripeStore);
  // Northwind's milestone invoice was billed in Stripe and synced into Xero the way Xero's Stripe
  // integration does it: the Stripe invoice id in the Xero invoice's Reference. The portal shows it
  // once, "in Xero, Stripe and QuickBooks" (the QuickBooks copy matches by amount and dates).
  xeroStore.require('Invoices', xeroSeed.invoiceIds['INV-0003']!).Reference = stripeSeed.invoiceIds.open!;
  addProvisionedClientStates(xeroStore, xeroSeed.contactIds['Northwind Traders']!);
  const stripe = await startStripeEmulator({ store: stripeStore, port: Number(process.env.STRIPE_EMULATOR_PORT ?? 0), rateLimitEvery: rateLimitEveryFromEnv('STRIPE') });
  const asanaStore = new AsanaEmulatorStore();
  seedAsanaDemo(asanaStore);
  const asana = await startAsanaEmulator({ store: asanaStore, port: Number(process.env.ASANA_EMULATOR_PORT ?? 0), rateLimitEvery: rateLimitEveryFromEnv('ASANA') });
  // The emulator has no webhook-endpoint API: the demo's Stripe endpoint counts as set up by hand.
  const accountEnv = { ...quickBooksHubEnv(quickbooks, 'demo-quickbooks-verifier'), ...xeroHubEnv(xero, 'demo-xero-webhook-key'), ...stripeHubEnv(stripe, 'whsec_demo'), ...asanaHubEnv(asana) };
  return {
    describe: [`QuickBooks emulator at ${quickbooks.url}`, `Xero emulator at ${xero.url}`, `Stripe emulator at ${stripe.url}`, `Asana emulator at ${asana.url}`],
    // 'tokens': connections defined by environment, synced at once. 'oauth': only the apps' keys and
    // endpoints, so staff connect each account from the console as they would a real one.
    env: mode === 'tokens' ? accountEnv : { ...withoutAccounts(accountEnv), ...OAUTH_APPS },
    async close() {
      await Promise.all([quickbooks.close(), xero.close(), stripe.close(), asana.close()]);
    },
  };
}

/**
 * The client the demo provisions (Northwind) also has a bill past its due date and a voided one,
 * both kept in Xero only, so its portal shows "overdue N days" and a void invoice without Pay.
 */
function addProvisionedClientStates(store: XeroEmulatorStore, northwind: string): void {
  const DAY = 86_400_000;
  const now = store.now();
  const day = (offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
  store.createInvoice({ contactId: northwind, number: 'INV-0011', date: day(-44), dueDate: day(-14), lines: [{ description: 'Analytics setup', unitAmount: 3150 }] }, now - 44 * DAY);
  const duplicate = store.createInvoice({ contactId: northwind, number: 'INV-0012', date: day(-26), dueDate: day(4), lines: [{ description: 'Hosting setup (raised twice)', unitAmount: 1000 }] }, now - 26 * DAY);
  store.voidInvoice(duplicate.InvoiceID as string, now - 25 * DAY);
}
