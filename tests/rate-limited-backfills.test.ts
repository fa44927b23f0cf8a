/**
 * "A 429 can answer any call": a backfill through each connector against its emulator, with the
 * provider's own rate-limit answer on every 7th API call, ends with no failed run and exactly the
 * records a backfill without 429s stores. Both backfills read the same emulator store (two emulators
 * serving one store), so "complete" is checked against the provider's data, not a hard-coded count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/create-test-app.js';
import { runPull } from '../src/sync/run-pull.js';
import { createLogger, type Logger } from '../src/logging/logger.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { SalesforceEmulatorStore } from '../connectors/salesforce/emulator/salesforce-emulator-store.js';
import { startSalesforceEmulator } from '../connectors/salesforce/emulator/start-salesforce-emulator.js';
import { QuickBooksEmulatorStore } from '../connectors/quickbooks/emulator/quickbooks-emulator-store.js';
import { startQuickBooksEmulator } from '../connectors/quickbooks/emulator/start-quickbooks-emulator.js';
import { quickBooksHubEnv } from '../connectors/quickbooks/emulator/hub-env.js';
import { XeroEmulatorStore } from '../connectors/xero/emulator/xero-emulator-store.js';
import { startXeroEmulator } from '../connectors/xero/emulator/start-xero-emulator.js';
import { xeroHubEnv } from '../connectors/xero/emulator/hub-env.js';
import { StripeEmulatorStore } from '../connectors/stripe/emulator/stripe-emulator-store.js';
import { startStripeEmulator } from '../connectors/stripe/emulator/start-stripe-emulator.js';
import { stripeHubEnv } from '../connectors/stripe/emulator/hub-env.js';
import { AsanaEmulatorStore } from '../connectors/asana/emulator/asana-emulator-store.js';
import { startAsanaEmulator } from '../connectors/asana/emulator/start-asana-emulator.js';
import { asanaHubEnv } from '../connectors/asana/emulator/hub-env.js';

const DAY = 86_400_000;
const EVERY = 7;

/** One provider's emulator over a given store, and the env that points a hub at it. */
interface World {
  provider: string;
  start(rateLimitEvery: number | undefined): Promise<{ url: string; env: Record<string, string>; close(): Promise<void> }>;
}

const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

function hubspotWorld(): World {
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

function salesforceWorld(): World {
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

function quickBooksWorld(): World {
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

function xeroWorld(): World {
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

function stripeWorld(): World {
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

function asanaWorld(): World {
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

/** A logger that keeps the hub's "waiting in place" lines, to prove 429s were met and waited out. */
function recordingLogger(lines: string[]): Logger {
  return createLogger('debug', {}, (line) => void lines.push(line));
}

interface Backfill {
  runs: { status: string; error: string | null }[];
  records: { objectType: string; externalId: string; deleted: number; data: string }[];
  waitsInPlace: number;
}

const apps: TestApp[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.dispose();
  for (const close of closers.splice(0)) await close();
});

/**
 * Every object type of the provider's connection, in pull order, as the scheduler's first backfill
 * does, `rounds` times over (full resyncs): some connectors need fewer than 7 calls for one pass.
 */
async function backfill(world: World, rateLimitEvery: number | undefined, rounds: number): Promise<Backfill> {
  const { url, env, close } = await world.start(rateLimitEvery);
  closers.push(close);
  const lines: string[] = [];
  const app = await createTestApp(env, { logger: recordingLogger(lines) });
  apps.push(app);
  const connectionId = (app.db.prepare('SELECT id FROM connections WHERE provider = ?').get(world.provider) as { id: number }).id;
  const types = [...app.connectors.get(world.provider).objectTypes].sort((a, b) => a.order - b.order).map((t) => t.objectType);
  for (let round = 0; round < rounds; round++) {
    // A failed run throws here, and so would one paused by a long limit: both are counted from sync_runs.
    for (const type of types) await runPull(app, connectionId, type, 'backfill').catch(() => undefined);
  }
  return {
    runs: app.db.prepare('SELECT status, error FROM sync_runs ORDER BY id').all() as Backfill['runs'],
    // Stored records as the portal reads them; links the emulator wrote with its own address are made comparable.
    records: (app.db.prepare('SELECT object_type AS objectType, external_id AS externalId, deleted, data FROM records ORDER BY object_type, external_id').all() as Backfill['records']).map(
      (record) => ({ ...record, data: record.data.replaceAll(url, '<emulator>') }),
    ),
    waitsInPlace: lines.filter((line) => line.includes('rate limit: waiting in place')).length,
  };
}

describe(`backfills with the provider's rate-limit answer on every ${EVERY}th call`, () => {
  const worlds: [string, () => World][] = [
    ['Xero', xeroWorld],
    ['QuickBooks', quickBooksWorld],
    ['HubSpot', hubspotWorld],
    ['Salesforce', salesforceWorld],
    ['Stripe', stripeWorld],
    ['Asana', asanaWorld],
  ];
  it.each(worlds)('%s: no failed run, and the same records as without 429s', async (_name, makeWorld) => {
    const world = makeWorld();
    const clean = await backfill(world, undefined, 1);
    const limited = await backfill(world, EVERY, 3);
    expect(clean.runs.every((run) => run.status === 'succeeded')).toBe(true);
    expect(clean.records.length).toBeGreaterThan(50);
    // The 429s were met, and waited out in place.
    expect(limited.waitsInPlace).toBeGreaterThanOrEqual(2);
    expect(limited.runs.filter((run) => run.status !== 'succeeded')).toEqual([]);
    expect(limited.records).toEqual(clean.records);
  });
});
