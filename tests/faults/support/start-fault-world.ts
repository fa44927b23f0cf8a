/**
 * The providers a fault test syncs from: each emulator runs in the test process (seeded like
 * `npm run demo`, optionally with more records), with a fault proxy in front of it. `env` points a
 * hub process at the proxies, not the emulators, using each emulator's own hub-env helper.
 */
import { HubSpotEmulatorStore } from '../../../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { XeroEmulatorStore } from '../../../connectors/xero/emulator/xero-emulator-store.js';
import { startXeroEmulator, type XeroEmulator } from '../../../connectors/xero/emulator/start-xero-emulator.js';
import { seedXeroDemo } from '../../../connectors/xero/emulator/seed-xero-demo.js';
import { xeroHubEnv } from '../../../connectors/xero/emulator/hub-env.js';
import { QuickBooksEmulatorStore } from '../../../connectors/quickbooks/emulator/quickbooks-emulator-store.js';
import { startQuickBooksEmulator, type QuickBooksEmulator } from '../../../connectors/quickbooks/emulator/start-quickbooks-emulator.js';
import { seedQuickBooksDemo } from '../../../connectors/quickbooks/emulator/seed-quickbooks-demo.js';
import { quickBooksHubEnv } from '../../../connectors/quickbooks/emulator/hub-env.js';
import { startFaultProxy, type FaultProxy } from './start-fault-proxy.js';

export const HUBSPOT_APP_SECRET = 'fault-suite-hubspot-app-client-secret';
const XERO_WEBHOOK_KEY = 'fault-suite-xero-webhook-key';
const QUICKBOOKS_VERIFIER = 'fault-suite-quickbooks-verifier';

export interface FaultWorldOptions {
  /** HubSpot with the demo seed plus this many generated companies (each with 2 contacts and a deal). */
  hubspot?: { generate?: number; documentedLimits?: boolean };
  /** Xero with the demo seed plus this many more contacts. */
  xero?: { extraContacts?: number };
  /** QuickBooks with the demo seed plus this many more customers. */
  quickbooks?: { extraCustomers?: number };
}

export interface FaultWorld {
  hubspot?: { emulator: HubSpotEmulator; proxy: FaultProxy };
  xero?: { emulator: XeroEmulator; proxy: FaultProxy };
  quickbooks?: { emulator: QuickBooksEmulator; proxy: FaultProxy };
  /** Provider variables for the hub: every base URL is a proxy's. */
  env: Record<string, string>;
  /** What a complete sync must hold (live records), per "provider/objectType", read from the emulators' stores now. */
  expectedCounts(): Record<string, number>;
  close(): Promise<void>;
}

/** The emulator's hub-env with its address swapped for the proxy's. */
function throughProxy(env: Record<string, string>, emulatorUrl: string, proxyUrl: string): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value.split(emulatorUrl).join(proxyUrl)]));
}

export async function startFaultWorld(options: FaultWorldOptions): Promise<FaultWorld> {
  const world: FaultWorld = { env: {}, expectedCounts: () => ({}), close: async () => {} };
  const closers: (() => Promise<void>)[] = [];
  // Records dated a little in the past, so "modified since" cursors have something behind them.
  const past = () => Date.now() - 3_600_000;

  if (options.hubspot) {
    const store = new HubSpotEmulatorStore();
    store.seedDemo();
    if (options.hubspot.generate) store.generate(options.hubspot.generate, { spacingMs: 1_000, endAt: past() });
    // documentedLimits: HubSpot's 5 searches a second per account, answered 429 past it.
    const emulator = await startHubSpotEmulator({ store, documentedLimits: options.hubspot.documentedLimits ?? false });
    const proxy = await startFaultProxy({ target: emulator.url, provider: 'hubspot' });
    closers.push(() => proxy.close(), () => emulator.close());
    world.hubspot = { emulator, proxy };
    Object.assign(world.env, {
      HUBSPOT_ACCESS_TOKEN: 'fault-suite-private-app-token',
      HUBSPOT_CLIENT_SECRET: HUBSPOT_APP_SECRET,
      HUBSPOT_BASE_URL: proxy.url,
      HUBSPOT_PORTAL_ID: String(store.portalId),
      HUBSPOT_SEARCH_RPS: '50',
    });
  }
  if (options.xero) {
    const store = new XeroEmulatorStore();
    seedXeroDemo(store);
    for (let i = 1; i <= (options.xero.extraContacts ?? 0); i++) store.createContact({ name: `Fault Suite Contact ${i}` }, past());
    // Xero's own 60-a-minute limit would add 429s of its own; the proxy decides which calls are refused.
    const emulator = await startXeroEmulator({ store, limits: null });
    const proxy = await startFaultProxy({ target: emulator.url, provider: 'xero' });
    closers.push(() => proxy.close(), () => emulator.close());
    world.xero = { emulator, proxy };
    Object.assign(world.env, throughProxy(xeroHubEnv(emulator, XERO_WEBHOOK_KEY), emulator.url, proxy.url));
  }
  if (options.quickbooks) {
    const store = new QuickBooksEmulatorStore();
    seedQuickBooksDemo(store);
    for (let i = 1; i <= (options.quickbooks.extraCustomers ?? 0); i++) store.createCustomer({ displayName: `Fault Suite Customer ${i}` }, past());
    const emulator = await startQuickBooksEmulator({ store });
    const proxy = await startFaultProxy({ target: emulator.url, provider: 'quickbooks' });
    closers.push(() => proxy.close(), () => emulator.close());
    world.quickbooks = { emulator, proxy };
    Object.assign(world.env, throughProxy(quickBooksHubEnv(emulator, QUICKBOOKS_VERIFIER), emulator.url, proxy.url));
  }

  world.expectedCounts = () => {
    const counts: Record<string, number> = {};
    if (world.hubspot) {
      const { store } = world.hubspot.emulator;
      counts['hubspot/owners'] = store.owners.filter((o) => !o.archived).length;
      for (const type of ['companies', 'contacts', 'deals'] as const) counts[`hubspot/${type}`] = [...store.all(type)].filter((r) => !r.archived).length;
    }
    if (world.xero) {
      const { collections } = world.xero.emulator.store;
      const live = (r: Record<string, unknown>) => r.Status !== 'DELETED';
      // The hub's reading of Xero (connectors/xero/pull-resources.ts): archived and supplier-only
      // contacts are not clients; bills (ACCPAY) and supplier credits share the sales endpoints.
      counts['xero/Contact'] = [...collections.Contacts.values()].filter((c) => c.ContactStatus !== 'ARCHIVED' && !(c.IsSupplier === true && c.IsCustomer !== true)).length;
      counts['xero/Invoice'] = [...collections.Invoices.values()].filter((i) => i.Type === 'ACCREC' && live(i)).length;
      counts['xero/Payment'] = [...collections.Payments.values()].filter(live).length;
      counts['xero/CreditNote'] = [...collections.CreditNotes.values()].filter((c) => c.Type === 'ACCRECCREDIT' && live(c)).length;
    }
    if (world.quickbooks) {
      const { entities } = world.quickbooks.emulator.store;
      // Attachables are not synced as records: they are listed per invoice as its documents (issue 17).
      for (const [entity, byId] of Object.entries(entities)) if (entity !== 'Attachable') counts[`quickbooks/${entity}`] = byId.size;
    }
    return counts;
  };
  world.close = async () => {
    for (const close of closers) await close().catch(() => {});
  };
  return world;
}
