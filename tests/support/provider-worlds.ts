/**
 * Each provider's emulator over one generated store, large enough that a backfill makes a few dozen
 * calls, and the env that points a hub at it. Several emulators may serve one store (with and
 * without 429s): what the hub stores can be compared against the same provider data.
 */
import { HubSpotEmulatorStore } from '../../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator } from '../../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { SalesforceEmulatorStore } from '../../connectors/salesforce/emulator/salesforce-emulator-store.js';
import { startSalesforceEmulator } from '../../connectors/salesforce/emulator/start-salesforce-emulator.js';
import { QuickBooksEmulatorStore } from '../../connectors/quickbooks/emulator/quickbooks-emulator-store.js';
import { startQuickBooksEmulator } from '../../connectors/quickbooks/emulator/start-quickbooks-emulator.js';
import { quickBooksHubEnv } from '../../connectors/quickbooks/emulator/hub-env.js';
import { XeroEmulatorStore } from '../../connectors/xero/emulator/xero-emulator-store.js';
import { startXeroEmulator } from '../../connectors/xero/emulator/start-xero-emulator.js';
import { xeroHubEnv } from '../../connectors/xero/emulator/hub-env.js';
import { StripeEmulatorStore } from '../../connectors/stripe/emulator/stripe-emulator-store.js';
import { startStripeEmulator } from '../../connectors/stripe/emulator/start-stripe-emulator.js';
import { stripeHubEnv } from '../../connectors/stripe/emulator/hub-env.js';
import { AsanaEmulatorStore } from '../../connectors/asana/emulator/asana-emulator-store.js';
import { startAsanaEmulator } from '../../connectors/asana/emulator/start-asana-emulator.js';
import { asanaHubEnv } from '../../connectors/asana/emulator/hub-env.js';

const DAY = 86_400_000;

/** One provider's emulator over a given store (with 429s on every Nth call, or none), and the env that points a hub at it. */
export interface World {
  provider: string;
  start(rateLimitEvery: number | undefined): Promise<{ url: string; env: Record<string, string>; close(): Promise<void> }>;
}

const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

export function hubspotWorld(): World {
  const store = new HubSpotEmulatorStore();
  store.generate(250);
  return {
    provider: 'hubspot',
    async start(rateLimitEvery) {
      const emulator = await startHubSpotEmulator({ store, rateLimitEvery });
      return { url: emulator.url, env: { HUBSPOT_BASE_URL: emulator.url, HUBSPOT_ACCESS_TOKEN: 'pat-emulator' }, close: () => emulator.close() };
    },
  };
}

export function salesforceWorld(): World {
  const store = new SalesforceEmulatorStore(() => Date.now() - 600_000);
  store.generate(120);
  return {
    provider: 'salesforce',
    async start(rateLimitEvery) {
      const emulator = await startSalesforceEmulator({ store, batchSize: 40, rateLimitEvery });
      return {
        url: emulator.url,
        env: { HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_LOGIN_URL: emulator.url, SALESFORCE_INSTANCE_URL: emulator.url, SALESFORCE_ACCESS_TOKEN: 'emulator-session', SALESFORCE_ORG_ID: store.orgId },
        close: () => emulator.close(),
      };
    },
  };
}

export function quickBooksWorld(): World {
  const store = new QuickBooksEmulatorStore({ now: () => Date.now() - 2 * DAY });
  store.seedDemo();
  for (let c = 0; c < 40; c++) {
    const customer = store.createCustomer({ displayName: `Customer ${c}`, companyName: `Customer ${c} Ltd`, email: `ap@customer${c}.example` });
    const invoices = [0, 1].map((n) => store.createInvoice({ customerId: customer.Id as string, lines: [{ description: `Work ${n}`, unitPrice: 100 + n, qty: 2 }], dueDate: day(30) }));
    store.payInvoice([invoices[0]!.Id as string]);
  }
  return {
    provider: 'quickbooks',
    async start(rateLimitEvery) {
      const emulator = await startQuickBooksEmulator({ store, rateLimitEvery });
      return { url: emulator.url, env: { HUBSPOT_ACCESS_TOKEN: '', ...quickBooksHubEnv(emulator, 'verifier') }, close: () => emulator.close() };
    },
  };
}

export function xeroWorld(): World {
  const store = new XeroEmulatorStore({ now: () => Date.now() - 2 * DAY });
  store.seedDemo();
  for (let c = 0; c < 120; c++) {
    const contact = store.createContact({ name: `Contact ${c}`, email: `ap@contact${c}.example` });
    const invoices = [0, 1].map((n) => store.createInvoice({ contactId: String(contact.ContactID), lines: [{ description: `Work ${n}`, unitAmount: 100 + n, quantity: 2 }], date: day(-10), dueDate: day(20) }));
    store.batchPay([String(invoices[0]!.InvoiceID)]);
  }
  return {
    provider: 'xero',
    async start(rateLimitEvery) {
      const emulator = await startXeroEmulator({ store, limits: null, rateLimitEvery });
      return { url: emulator.url, env: { HUBSPOT_ACCESS_TOKEN: '', ...xeroHubEnv(emulator, 'webhook-key') }, close: () => emulator.close() };
    },
  };
}

export function stripeWorld(): World {
  const store = new StripeEmulatorStore({ now: () => Date.now() - 2 * DAY });
  for (let c = 0; c < 60; c++) {
    const customer = store.createCustomer({ name: `Customer ${c}`, email: `ap@customer${c}.example` });
    const invoices = [0, 1].map((n) => store.finalizeInvoice(String(store.createInvoice({ customerId: String(customer.id), lines: [{ description: `Work ${n}`, unitAmount: 10_000 + n, quantity: 1 }], collectionMethod: 'send_invoice', daysUntilDue: 30 }).id)));
    store.payInvoices([String(invoices[0]!.id)]);
  }
  return {
    provider: 'stripe',
    async start(rateLimitEvery) {
      const emulator = await startStripeEmulator({ store, rateLimitEvery });
      return { url: emulator.url, env: { HUBSPOT_ACCESS_TOKEN: '', ...stripeHubEnv(emulator, 'whsec_test') }, close: () => emulator.close() };
    },
  };
}

export function asanaWorld(): World {
  const store = new AsanaEmulatorStore({ now: () => Date.now() - 2 * DAY });
  for (let p = 0; p < 8; p++) {
    const project = store.createProject({ name: `Project ${p}` });
    const section = store.createSection(project.gid, 'Build');
    for (let t = 0; t < 30; t++) store.createTask({ name: `Task ${t}`, projectGid: project.gid, sectionGid: section.gid, subtype: t % 5 === 0 ? 'milestone' : 'default_task' });
  }
  return {
    provider: 'asana',
    async start(rateLimitEvery) {
      const emulator = await startAsanaEmulator({ store, rateLimitEvery });
      return { url: emulator.url, env: { HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator) }, close: () => emulator.close() };
    },
  };
}

