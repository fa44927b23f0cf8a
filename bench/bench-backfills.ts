/**
 * Each provider's backfill through the hub against the same connector's pulls with the results
 * thrown away (fetch only), against its emulator enforcing the provider's documented limits, with
 * the hub's pacing on, and object types pulled two at a time as `serve`'s worker runs them. Each
 * repeat uses a fresh hub; the order of the two sides alternates between repeats. The request log
 * the pacing keeps is not emptied between sides: the emulator remembers the first side's calls too,
 * so the second side paces exactly as a real provider would make it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { loadConfig } from '../src/config/load-config.js';
import { createAppContext, closeAppContext } from '../src/app/create-app-context.js';
import { silentLogger } from '../src/logging/logger.js';
import { runPull } from '../src/sync/run-pull.js';
import { buildConnectorContext } from '../src/connections/build-connector-context.js';
import { findConnection } from '../src/store/connections/find-connection.js';
import type { AppContext } from '../src/app/app-context.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { SalesforceEmulatorStore } from '../connectors/salesforce/emulator/salesforce-emulator-store.js';
import { startSalesforceEmulator } from '../connectors/salesforce/emulator/start-salesforce-emulator.js';
import { QuickBooksEmulatorStore } from '../connectors/quickbooks/emulator/quickbooks-emulator-store.js';
import { startQuickBooksEmulator } from '../connectors/quickbooks/emulator/start-quickbooks-emulator.js';
import { XeroEmulatorStore } from '../connectors/xero/emulator/xero-emulator-store.js';
import { startXeroEmulator } from '../connectors/xero/emulator/start-xero-emulator.js';
import { StripeEmulatorStore } from '../connectors/stripe/emulator/stripe-emulator-store.js';
import { startStripeEmulator } from '../connectors/stripe/emulator/start-stripe-emulator.js';
import { AsanaEmulatorStore } from '../connectors/asana/emulator/asana-emulator-store.js';
import { startAsanaEmulator } from '../connectors/asana/emulator/start-asana-emulator.js';
import { asanaHubEnv } from '../connectors/asana/emulator/hub-env.js';

const SECRET = 'bench-secret-key-0123456789-abcdefghijklmnop';
const DAY = 86_400_000;
/** `serve`'s worker runs at most this many jobs of one connection at once (CLIENTHUB_JOBS_PER_CONNECTION). */
const PULLS_AT_ONCE = 2;

export interface Emulated {
  provider: string;
  types: string[];
  env: Record<string, string>;
  /** Requests the emulator has received so far, by path (for request accounting). */
  requests(): { path: string }[];
  close(): Promise<void>;
}

export interface BackfillRun {
  records: number;
  fetchOnlyMs: number;
  backfillMs: number;
  /** Hub backfill speed as a share of fetch-only speed (1: storing costs nothing). */
  ratio: number;
  backfillFirst: boolean;
  /** Requests the hub's backfill sent, by path (its side only). */
  backfillRequests: { path: string }[];
}

async function inOrderPairs(app: AppContext, types: string[], run: (type: string) => Promise<void>): Promise<void> {
  // Like the worker: up to two pulls of one connection at once, started in the connector's order.
  const limit = pLimit(PULLS_AT_ONCE);
  await Promise.all(types.map((type) => limit(() => run(type))));
}

export async function compareBackfill(emulated: Emulated, backfillFirst: boolean): Promise<BackfillRun> {
  const dir = mkdtempSync(join(tmpdir(), `clienthub-bench-${emulated.provider}-`));
  const app = await createAppContext(loadConfig({ CLIENTHUB_DATA_DIR: dir, CLIENTHUB_SECRET_KEY: SECRET, HUBSPOT_ACCESS_TOKEN: '', ...emulated.env }, dir), { logger: silentLogger });
  try {
    const connectionId = (app.db.prepare(`SELECT id FROM connections WHERE provider = ?`).get(emulated.provider) as { id: number }).id;
    const connector = app.connectors.get(emulated.provider);
    const context = await buildConnectorContext(app, (await findConnection(app.store.db, connectionId))!);
    await connector.refreshMetadata?.(context);
    let fetched = 0;
    const fetchOnly = async () => {
      const started = performance.now();
      await inOrderPairs(app, emulated.types, async (type) => {
        for await (const page of connector.pull(context, type, { cursor: null, overlapMs: 0 })) fetched += page.records.length;
      });
      return performance.now() - started;
    };
    let backfillRequests: { path: string }[] = [];
    const backfill = async () => {
      const before = emulated.requests().length;
      const started = performance.now();
      await inOrderPairs(app, emulated.types, async (type) => {
        const result = await runPull(app, connectionId, type, 'backfill');
        const run = app.db.prepare('SELECT status, error FROM sync_runs WHERE id = ?').get(result.runId) as { status: string; error: string | null };
        if (run.status !== 'succeeded') throw new Error(`${emulated.provider} ${type} backfill ${run.status}: ${run.error}`);
      });
      const ms = performance.now() - started;
      backfillRequests = emulated.requests().slice(before);
      return ms;
    };
    let fetchOnlyMs: number;
    let backfillMs: number;
    if (backfillFirst) {
      backfillMs = await backfill();
      fetchOnlyMs = await fetchOnly();
    } else {
      fetchOnlyMs = await fetchOnly();
      backfillMs = await backfill();
    }
    const stored = (app.db.prepare('SELECT COUNT(*) AS n FROM records WHERE connection_id = ?').get(connectionId) as { n: number }).n;
    // Speeds, not times: the two sides may list slightly different counts (a PaymentIntent without money is not stored).
    const ratio = stored / backfillMs / (fetched / fetchOnlyMs);
    return { records: stored, fetchOnlyMs, backfillMs, ratio, backfillFirst, backfillRequests };
  } finally {
    await closeAppContext(app);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** HubSpot: companies, two contacts each, a deal each; the search allowance (5/s) enforced. */
export async function hubspotEmulated(companies: number): Promise<Emulated> {
  const store = new HubSpotEmulatorStore();
  store.generate(companies);
  const emulator = await startHubSpotEmulator({ store, documentedLimits: true });
  return { provider: 'hubspot', types: ['owners', 'companies', 'contacts', 'deals'], env: { HUBSPOT_BASE_URL: emulator.url, HUBSPOT_ACCESS_TOKEN: 'bench' }, requests: () => emulator.requests, close: () => emulator.close() };
}

/** Salesforce: accounts, two contacts each, an opportunity each with its contact role (no per-second limit to enforce). */
export async function salesforceEmulated(accounts: number): Promise<Emulated> {
  const store = new SalesforceEmulatorStore(() => Date.now() - 3600_000);
  store.generate(accounts);
  const emulator = await startSalesforceEmulator({ store });
  return {
    provider: 'salesforce',
    types: ['User', 'Account', 'Contact', 'Opportunity'],
    env: { SALESFORCE_INSTANCE_URL: emulator.url, SALESFORCE_LOGIN_URL: emulator.url, SALESFORCE_ACCESS_TOKEN: 'bench-session', SALESFORCE_ORG_ID: store.orgId },
    requests: () => [],
    close: () => emulator.close(),
  };
}

/** QuickBooks: customers with four invoices, two of them paid by one payment; Intuit's 10/s and 500/min enforced. */
export async function quickBooksEmulated(customers: number): Promise<Emulated> {
  const store = new QuickBooksEmulatorStore({ now: () => Date.now() - 2 * DAY });
  for (let c = 0; c < customers; c++) {
    const customer = store.createCustomer({ displayName: `Customer ${c}`, companyName: `Customer ${c} Ltd`, email: `ap@customer${c}.example` });
    const invoices = [0, 1, 2, 3].map((n) => store.createInvoice({ customerId: customer.Id as string, lines: [{ description: `Work ${n}`, unitPrice: 100 + n, qty: 2 }], dueDate: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10) }));
    store.payInvoice([invoices[0]!.Id as string, invoices[1]!.Id as string]);
  }
  const emulator = await startQuickBooksEmulator({ store, rateLimit: { perSecond: 10, perMinute: 500 } });
  return {
    provider: 'quickbooks',
    types: ['Customer', 'Invoice', 'Payment'],
    env: { QUICKBOOKS_BASE_URL: emulator.apiBase, QUICKBOOKS_REALM_ID: store.realmId, QUICKBOOKS_ACCESS_TOKEN: 'bench' },
    requests: () => emulator.requests,
    close: () => emulator.close(),
  };
}

/** Xero: contacts with four invoices, two paid; 60/min, 5 000/day and 5 in progress enforced, 20 ms per answer. */
export async function xeroEmulated(contacts: number): Promise<Emulated> {
  const store = new XeroEmulatorStore({ now: () => Date.now() - 2 * DAY });
  const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
  for (let c = 0; c < contacts; c++) {
    const contact = store.createContact({ name: `Contact ${c}`, email: `ap@contact${c}.example` });
    const invoices = [0, 1, 2, 3].map((n) => store.createInvoice({ contactId: String(contact.ContactID), lines: [{ description: `Work ${n}`, unitAmount: 100 + n, quantity: 2 }], date: day(-10), dueDate: day(20) }));
    store.batchPay([String(invoices[0]!.InvoiceID), String(invoices[1]!.InvoiceID)]);
  }
  const emulator = await startXeroEmulator({ store, latencyMs: 20 });
  return {
    provider: 'xero',
    types: ['Contact', 'Invoice', 'Payment'],
    env: { XERO_BASE_URL: emulator.url, XERO_IDENTITY_URL: emulator.url, XERO_TENANT_ID: store.tenantId, XERO_ACCESS_TOKEN: 'bench' },
    requests: () => emulator.requests,
    close: () => emulator.close(),
  };
}

/** Stripe: customers with four finalized invoices, two paid by one PaymentIntent; test mode's 25/s enforced. Seeded without events. */
export async function stripeEmulated(customers: number): Promise<Emulated> {
  const store = new StripeEmulatorStore({ now: () => Date.now() - 2 * DAY, events: false });
  for (let c = 0; c < customers; c++) {
    const customer = store.createCustomer({ name: `Customer ${c}`, email: `ap@customer${c}.example` });
    const invoices = [0, 1, 2, 3].map((n) => store.finalizeInvoice(String(store.createInvoice({ customerId: String(customer.id), lines: [{ description: `Work ${n}`, unitAmount: 10_000 + n, quantity: 1 }], collectionMethod: 'send_invoice', daysUntilDue: 30 }).id)));
    store.payInvoices([String(invoices[0]!.id), String(invoices[1]!.id)]);
  }
  const emulator = await startStripeEmulator({ store, perSecond: 25 });
  return { provider: 'stripe', types: ['Customer', 'Invoice', 'PaymentIntent'], env: { STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_BASE_URL: emulator.url }, requests: () => emulator.requests, close: () => emulator.close() };
}

/** Asana (paid workspace): projects with three sections and tasks; 1 500/min and search 60/min enforced. */
export async function asanaEmulated(projects: number, tasksPerProject: number, tier: 'free' | 'paid' = 'paid', documentedLimits = true): Promise<Emulated & { store: AsanaEmulatorStore }> {
  const store = new AsanaEmulatorStore({ now: () => Date.now() - 2 * DAY });
  for (let p = 0; p < projects; p++) {
    const project = store.createProject({ name: `Project ${p}` });
    const sections = ['Discovery', 'Build', 'Launch'].map((name) => store.createSection(project.gid, name));
    for (let t = 0; t < tasksPerProject; t++) store.createTask({ name: `Task ${t}`, projectGid: project.gid, sectionGid: sections[t % 3]!.gid, subtype: t % 5 === 0 ? 'milestone' : 'default_task' });
  }
  const emulator = await startAsanaEmulator({ store, tier, documentedLimits });
  return { provider: 'asana', types: ['Project', 'Task'], env: { ...asanaHubEnv(emulator), ASANA_TIER: tier }, requests: () => emulator.requests, close: () => emulator.close(), store };
}
