/** Xero in the demo: an organisation seeded with the demo clients' contacts, invoices, payments and credit notes. */
import type { DemoEmulator } from '../../../src/connector-kit/demo-emulator.js';
import { XeroEmulatorStore } from './xero-emulator-store.js';
import { startXeroEmulator } from './start-xero-emulator.js';
import { seedXeroDemo } from './seed-xero-demo.js';
import { xeroHubEnv } from './hub-env.js';

/** The demo's Xero app (the emulator accepts any). */
const APP = { XERO_CLIENT_ID: 'demo-xero-app', XERO_CLIENT_SECRET: 'demo-xero-secret' };

const xeroDemo: DemoEmulator = {
  provider: 'xero',
  role: 'source',
  async start(options) {
    const store = new XeroEmulatorStore();
    const seed = seedXeroDemo(store);
    addProvisionedClientStates(store, seed.contactIds['Northwind Traders']!);
    const emulator = await startXeroEmulator({ store, port: options.port, rateLimitEvery: options.rateLimitEvery });
    const { XERO_TENANT_ID, XERO_ACCESS_TOKEN, ...endpoints } = xeroHubEnv(emulator, 'demo-xero-webhook-key');
    return {
      url: emulator.url,
      describe: `Xero emulator at ${emulator.url}`,
      env: { ...endpoints, XERO_TENANT_ID, XERO_ACCESS_TOKEN },
      // From the console the organisation is chosen among those the grant reaches, as at Xero.
      oauthEnv: { ...endpoints, ...APP },
      consoleHint: 'OAuth: the emulator grants at once',
      close: () => emulator.close(),
    };
  },
};

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

export default xeroDemo;
