/**
 * Backfill figures for the accounting and payment connectors, each against its own emulator,
 * generated at a size that keeps the run short under each provider's pacing: QuickBooks (8 calls a
 * second, pages of 1 000), Xero (55 a minute, pages of 100), Stripe (20 a second in test mode,
 * pages of 100, plus one call per paid PaymentIntent for its invoices).
 */
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { createAppContext, closeAppContext } from '../src/app/create-app-context.js';
import { silentLogger } from '../src/logging/logger.js';
import { QuickBooksEmulatorStore } from '../connectors/quickbooks/emulator/quickbooks-emulator-store.js';
import { startQuickBooksEmulator } from '../connectors/quickbooks/emulator/start-quickbooks-emulator.js';
import { XeroEmulatorStore } from '../connectors/xero/emulator/xero-emulator-store.js';
import { startXeroEmulator } from '../connectors/xero/emulator/start-xero-emulator.js';
import { StripeEmulatorStore } from '../connectors/stripe/emulator/stripe-emulator-store.js';
import { startStripeEmulator } from '../connectors/stripe/emulator/start-stripe-emulator.js';
import { measureBackfill } from './measure-backfill.js';

const SECRET = 'bench-secret-key-0123456789-abcdefghijklmnop';
const DAY = 86_400_000;

async function withApp<T>(dir: string, env: Record<string, string>, work: (app: Awaited<ReturnType<typeof createAppContext>>) => Promise<T>): Promise<T> {
  const app = await createAppContext(loadConfig({ CLIENTHUB_DATA_DIR: dir, CLIENTHUB_SECRET_KEY: SECRET, HUBSPOT_ACCESS_TOKEN: '', ...env }), { logger: silentLogger });
  try {
    return await work(app);
  } finally {
    await closeAppContext(app);
  }
}

export async function benchQuickBooks(parentDir: string, customers = Number(process.env.BENCH_QUICKBOOKS_CUSTOMERS ?? 1000)) {
  const store = new QuickBooksEmulatorStore({ now: () => Date.now() - 2 * DAY });
  for (let c = 0; c < customers; c++) {
    const customer = store.createCustomer({ displayName: `Customer ${c}`, companyName: `Customer ${c} Ltd`, email: `ap@customer${c}.example` });
    const invoices = [0, 1, 2, 3].map((n) => store.createInvoice({ customerId: customer.Id as string, lines: [{ description: `Work ${n}`, unitPrice: 100 + n, qty: 2 }], dueDate: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10) }));
    store.payInvoice([invoices[0]!.Id as string, invoices[1]!.Id as string]);
  }
  const emulator = await startQuickBooksEmulator({ store });
  try {
    return await withApp(join(parentDir, 'quickbooks'), { QUICKBOOKS_BASE_URL: emulator.apiBase, QUICKBOOKS_REALM_ID: store.realmId, QUICKBOOKS_ACCESS_TOKEN: 'bench' }, (app) => measureBackfill(app, 'quickbooks', ['Customer', 'Invoice', 'Payment']));
  } finally {
    await emulator.close();
  }
}

export async function benchXero(parentDir: string, contacts = Number(process.env.BENCH_XERO_CONTACTS ?? 300)) {
  const store = new XeroEmulatorStore({ now: () => Date.now() - 2 * DAY });
  const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
  for (let c = 0; c < contacts; c++) {
    const contact = store.createContact({ name: `Contact ${c}`, email: `ap@contact${c}.example` });
    const invoices = [0, 1, 2, 3].map((n) => store.createInvoice({ contactId: String(contact.ContactID), lines: [{ description: `Work ${n}`, unitAmount: 100 + n, quantity: 2 }], date: day(-10), dueDate: day(20) }));
    store.batchPay([String(invoices[0]!.InvoiceID), String(invoices[1]!.InvoiceID)]);
  }
  const emulator = await startXeroEmulator({ store, limits: null });
  try {
    return await withApp(join(parentDir, 'xero'), { XERO_BASE_URL: emulator.url, XERO_IDENTITY_URL: emulator.url, XERO_TENANT_ID: store.tenantId, XERO_ACCESS_TOKEN: 'bench' }, (app) => measureBackfill(app, 'xero', ['Contact', 'Invoice', 'Payment']));
  } finally {
    await emulator.close();
  }
}

export async function benchStripe(parentDir: string, customers = Number(process.env.BENCH_STRIPE_CUSTOMERS ?? 150)) {
  const store = new StripeEmulatorStore({ now: () => Date.now() - 2 * DAY });
  for (let c = 0; c < customers; c++) {
    const customer = store.createCustomer({ name: `Customer ${c}`, email: `ap@customer${c}.example` });
    const invoices = [0, 1, 2, 3].map((n) => {
      const invoice = store.createInvoice({ customerId: String(customer.id), lines: [{ description: `Work ${n}`, unitAmount: 10_000 + n, quantity: 1 }], collectionMethod: 'send_invoice', daysUntilDue: 30 });
      return store.finalizeInvoice(String(invoice.id));
    });
    store.payInvoices([String(invoices[0]!.id), String(invoices[1]!.id)]);
  }
  const emulator = await startStripeEmulator({ store });
  try {
    return await withApp(join(parentDir, 'stripe'), { STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_BASE_URL: emulator.url }, (app) => measureBackfill(app, 'stripe', ['Customer', 'Invoice', 'PaymentIntent']));
  } finally {
    await emulator.close();
  }
}

/**
 * How close QuickBooks pacing gets to Intuit's 10 requests a second per company: 40 single-id
 * fetches as fast as the hub allows, against an emulator enforcing the real limit.
 */
export async function benchQuickBooksPacing(parentDir: string, calls = 40) {
  const store = new QuickBooksEmulatorStore();
  const customer = store.createCustomer({ displayName: 'Paced customer' });
  const emulator = await startQuickBooksEmulator({ store, rateLimit: { perSecond: 10, perMinute: 500 } });
  try {
    return await withApp(join(parentDir, 'quickbooks-pacing'), { QUICKBOOKS_BASE_URL: emulator.apiBase, QUICKBOOKS_REALM_ID: store.realmId, QUICKBOOKS_ACCESS_TOKEN: 'bench' }, async (app) => {
      const { buildConnectorContext } = await import('../src/connections/build-connector-context.js');
      const { getConnection } = await import('../src/connections/connection-repository.js');
      const connection = getConnection(app.db, (app.db.prepare(`SELECT id FROM connections WHERE provider = 'quickbooks'`).get() as { id: number }).id)!;
      const context = buildConnectorContext(app, connection);
      const connector = app.connectors.get('quickbooks');
      const started = performance.now();
      for (let i = 0; i < calls; i++) await connector.fetchByIds(context, 'Customer', [String(customer.Id)]);
      const seconds = (performance.now() - started) / 1000;
      const times = emulator.requests.filter((r) => r.path.endsWith('/query')).map((r) => r.at);
      let peak = 0;
      for (const t of times) peak = Math.max(peak, times.filter((u) => u >= t && u < t + 1000).length);
      return {
        calls,
        requestsPerSecond: +(calls / seconds).toFixed(2),
        peakInAnySecond: peak,
        limitPerSecond: 10,
        ratioToLimit: +(calls / seconds / 10).toFixed(2),
        throttledByProvider: times.length - calls,
      };
    });
  } finally {
    await emulator.close();
  }
}

/** Asana: projects with sections and tasks (a fifth milestones), listed per project (pages of 100). */
export async function benchAsana(parentDir: string, projects = Number(process.env.BENCH_ASANA_PROJECTS ?? 40), tasksPerProject = 50) {
  const { AsanaEmulatorStore } = await import('../connectors/asana/emulator/asana-emulator-store.js');
  const { startAsanaEmulator } = await import('../connectors/asana/emulator/start-asana-emulator.js');
  const { asanaHubEnv } = await import('../connectors/asana/emulator/hub-env.js');
  const store = new AsanaEmulatorStore({ now: () => Date.now() - 2 * DAY });
  for (let p = 0; p < projects; p++) {
    const project = store.createProject({ name: `Project ${p}` });
    const sections = ['Discovery', 'Build', 'Launch'].map((name) => store.createSection(project.gid, name));
    for (let t = 0; t < tasksPerProject; t++) store.createTask({ name: `Task ${t}`, projectGid: project.gid, sectionGid: sections[t % 3]!.gid, subtype: t % 5 === 0 ? 'milestone' : 'default_task' });
  }
  const emulator = await startAsanaEmulator({ store });
  try {
    return await withApp(join(parentDir, 'asana'), asanaHubEnv(emulator), (app) => measureBackfill(app, 'asana', ['Project', 'Task']));
  } finally {
    await emulator.close();
  }
}
