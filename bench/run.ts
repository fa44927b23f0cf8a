/**
 * npm run bench — speed figures as ratios against baselines measured in the same run
 * (absolute numbers shown for information; they depend on the machine).
 *
 * 1. Backfill: the hub's full pull of the emulator (fetch + map + validate + store) against
 *    the same pulls through the same connector with the results thrown away (fetch only).
 * 2. Re-sync of unchanged data: an incremental pull that re-reads everything against the backfill
 *    (the content hash should make it cheaper than the first write).
 * 3. Webhook acknowledgement: signed HubSpot deliveries against GET /healthz on the same server.
 * 4. QuickBooks, Xero, Stripe and Asana backfills against their emulators, the same way as 1.
 * 5. Re-linking every record of the cache (identity rules) against reading and parsing the same records.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { createAppContext, closeAppContext } from '../src/app/create-app-context.js';
import { silentLogger } from '../src/logging/logger.js';
import { runPull } from '../src/sync/run-pull.js';
import { startServer } from '../src/server/start-server.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { deliverHubSpotWebhook } from '../connectors/hubspot/emulator/deliver-webhook.js';
import { SalesforceEmulatorStore } from '../connectors/salesforce/emulator/salesforce-emulator-store.js';
import { startSalesforceEmulator } from '../connectors/salesforce/emulator/start-salesforce-emulator.js';
import { benchRelink } from './bench-relink.js';
import { measureBackfill } from './measure-backfill.js';
import { benchAsana, benchQuickBooks, benchQuickBooksPacing, benchStripe, benchXero } from './bench-billing.js';

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 1500);
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 300);
const TYPES = ['owners', 'companies', 'contacts', 'deals'];
const SECRET = 'bench-app-secret';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const store = new HubSpotEmulatorStore();
  store.generate(COMPANIES);
  const emulator = await startHubSpotEmulator({ store });
  const dataDir = mkdtempSync(join(tmpdir(), 'clienthub-bench-'));
  const config = loadConfig({
    CLIENTHUB_DATA_DIR: dataDir,
    CLIENTHUB_SECRET_KEY: 'bench-secret-key-0123456789-abcdefghijklmnop',
    PUBLIC_URL: 'http://hub.bench',
    HUBSPOT_ACCESS_TOKEN: 'bench-token',
    HUBSPOT_CLIENT_SECRET: SECRET,
    HUBSPOT_BASE_URL: emulator.url,
    HUBSPOT_SEARCH_RPS: '100000',
  });
  const app = await createAppContext(config, { logger: silentLogger });
  const connectionId = (app.db.prepare(`SELECT id FROM connections WHERE provider = 'hubspot'`).get() as { id: number }).id;
  const total = COMPANIES * 4 + store.owners.length;
  const backfill = await measureBackfill(app, 'hubspot', TYPES);

  app.db.prepare(`UPDATE sync_cursors SET cursor = '{"since":0}'`).run();
  const started = performance.now();
  for (const type of TYPES) await runPull(app, connectionId, type, 'incremental');
  const resyncMs = performance.now() - started;

  const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
  const health: number[] = [];
  const acks: number[] = [];
  for (let i = 0; i < WEBHOOKS; i++) {
    let t = performance.now();
    await (await fetch(`${server.url}/healthz`)).text();
    health.push(performance.now() - t);
    const event = { eventId: 1_000_000 + i, subscriptionId: 1, portalId: 1, appId: 1, occurredAt: Date.now(), subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: 1000 + (i % 50), changeSource: 'CRM_UI', propertyName: 'email', propertyValue: 'x' };
    t = performance.now();
    const response = await deliverHubSpotWebhook({ signedUrl: 'http://hub.bench/webhooks/hubspot', postTo: `${server.url}/webhooks/hubspot`, clientSecret: SECRET, events: [event] });
    await response.text();
    acks.push(performance.now() - t);
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  }
  await app.jobs.drain(120_000);
  await server.close();

  const salesforce = await benchSalesforceBackfill(dataDir);
  const relink = await benchRelink(dataDir);
  const quickbooks = await benchQuickBooks(dataDir);
  const xero = await benchXero(dataDir);
  const stripe = await benchStripe(dataDir);
  const quickbooksPacing = await benchQuickBooksPacing(dataDir);
  const asana = await benchAsana(dataDir);

  const results = {
    records: { generated: total, ...backfill.records },
    backfill: { fetchOnlyRecordsPerSecond: backfill.fetchOnlyRecordsPerSecond, hubRecordsPerSecond: backfill.hubRecordsPerSecond, ratioHubToFetchOnly: backfill.ratioHubToFetchOnly },
    resyncUnchanged: { ms: Math.round(resyncMs), ratioToBackfillTime: +(resyncMs / backfill.backfillMs).toFixed(2) },
    webhookAck: {
      p50Ms: +percentile(acks, 50).toFixed(2),
      p99Ms: +percentile(acks, 99).toFixed(2),
      healthzP50Ms: +percentile(health, 50).toFixed(2),
      ratioP50ToHealthz: +(percentile(acks, 50) / percentile(health, 50)).toFixed(2),
      ratioP99ToHealthz: +(percentile(acks, 99) / percentile(health, 99)).toFixed(2),
    },
    salesforceBackfill: salesforce,
    quickbooksBackfill: quickbooks,
    xeroBackfill: xero,
    stripeBackfill: stripe,
    asanaBackfill: asana,
    quickbooksPacing,
    relinkFromCache: relink,
    memory: { rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20) },
  };
  console.log(JSON.stringify(results, null, 2));
  await closeAppContext(app);
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
}

/** The same backfill comparison for Salesforce (jsforce, SOQL batches of 2 000) against its emulator. */
async function benchSalesforceBackfill(parentDir: string) {
  const store = new SalesforceEmulatorStore(() => Date.now() - 3600_000);
  store.generate(COMPANIES);
  const emulator = await startSalesforceEmulator({ store });
  const config = loadConfig({
    CLIENTHUB_DATA_DIR: join(parentDir, 'salesforce'),
    CLIENTHUB_SECRET_KEY: 'bench-secret-key-0123456789-abcdefghijklmnop',
    SALESFORCE_INSTANCE_URL: emulator.url,
    SALESFORCE_LOGIN_URL: emulator.url,
    SALESFORCE_ACCESS_TOKEN: 'bench-session',
  });
  const app = await createAppContext(config, { logger: silentLogger });
  try {
    return await measureBackfill(app, 'salesforce', ['User', 'Account', 'Contact', 'Opportunity']);
  } finally {
    await closeAppContext(app);
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
