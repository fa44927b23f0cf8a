/**
 * `npm run demo -- --console`: the emulators of all six kinds of system, and a hub that knows
 * only the apps' keys — no account is connected. A staff owner's sign-in link is printed; from the
 * console, staff connect HubSpot, QuickBooks, Xero, Asana (OAuth against the emulators' own
 * authorize pages) and Stripe (a test key), watch the backfills, and the won deal's client gets
 * a portal that fills up as each system is connected.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { createAppContext, closeAppContext } from '../app/create-app-context.js';
import { startServer } from '../server/start-server.js';
import { addStaffUser } from '../staff/add-staff-user.js';
import { HubSpotEmulatorStore } from '../../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator } from '../../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { startDemoBilling } from './start-demo-billing.js';
import { prepareDemoHub } from './prepare-demo-hub.js';
import { runningNote } from './run-demo.js';

export interface ConsoleDemo {
  url: string;
  dataDir: string;
  staffLink: string;
  describe: string;
  close(): Promise<void>;
}

/** Starts the emulators and a hub with nothing connected; the caller decides what to print and when to stop. */
export async function startConsoleDemo(options: { port: number; dataDir: string; publicUrl?: string; logLevel?: string }): Promise<ConsoleDemo> {
  const dataDir = options.dataDir;
  const hub = await prepareDemoHub({ dataDir, port: options.port, publicUrl: options.publicUrl });

  const crm = new HubSpotEmulatorStore();
  crm.seedDemo();
  // The deal is already won in the CRM: connecting HubSpot is what provisions its client.
  const deal = [...crm.objects.deals.values()].find((d) => d.properties.dealname === 'Website rebuild')!;
  crm.moveDealToStage(deal.id, 'closedwon');
  const hubspot = await startHubSpotEmulator({ store: crm, port: Number(process.env.HUBSPOT_EMULATOR_PORT ?? 0), oauth: { clientId: 'demo-hubspot-app', clientSecret: 'demo-hubspot-secret' } });
  const billing = await startDemoBilling('oauth');
  const config = loadConfig({
    ...process.env,
    CLIENTHUB_DATA_DIR: dataDir,
    PORT: String(hub.port),
    PUBLIC_URL: hub.publicUrl,
    ...billing.env,
    HUBSPOT_ACCESS_TOKEN: '',
    HUBSPOT_BASE_URL: hubspot.url,
    HUBSPOT_AUTHORIZE_URL: `${hubspot.url}/oauth/authorize`,
    HUBSPOT_CLIENT_ID: 'demo-hubspot-app',
    HUBSPOT_CLIENT_SECRET: 'demo-hubspot-secret',
    HUBSPOT_SEARCH_RPS: '50',
    SALESFORCE_ACCESS_TOKEN: '',
    CLIENTHUB_BUSINESS_NAME: process.env.CLIENTHUB_BUSINESS_NAME ?? 'Brightside Agency',
    CLIENTHUB_POLL_INTERVAL_SECONDS: '60',
    REDIS_URL: '',
    SMTP_URL: '',
    LOG_LEVEL: options.logLevel ?? 'warn',
  });
  const app = await createAppContext(config);
  const server = await startServer(app);
  const connections = (app.db.prepare('SELECT COUNT(*) AS n FROM connections').get() as { n: number }).n;
  const { link } = addStaffUser(app, { email: 'owner@brightside.example', role: 'owner', name: 'Demo owner' });
  return {
    url: config.publicUrl,
    dataDir,
    staffLink: link,
    describe: `HubSpot emulator at ${hubspot.url}; ${billing.describe.join('; ')}\n\n▸ ClientHub running at ${config.publicUrl}${runningNote(server.url, config.publicUrl)} (data in ${dataDir}) with ${connections} connected accounts.`,
    async close() {
      await server.close();
      await closeAppContext(app);
      await hubspot.close();
      await billing.close();
    },
  };
}

export async function runConsoleDemo(options: { exitWhenDone: boolean }): Promise<number> {
  const say = (text: string) => console.log(`\n▸ ${text}`);
  const dataDir = resolve(process.env.CLIENTHUB_DATA_DIR ?? '.demo-data');
  const demo = await startConsoleDemo({ port: Number(process.env.PORT ?? 3000), dataDir, publicUrl: process.env.PUBLIC_URL || undefined, logLevel: process.env.LOG_LEVEL });
  say(demo.describe);
  say(`Staff console sign-in (one-time, 10 minutes):\n    ${demo.staffLink}`);
  console.log(`
    1. Open the link, press the button, go to Connect.
    2. Connect HubSpot (OAuth): the emulator grants at once; the backfill provisions "Northwind Traders"
       (its deal is already won) and writes invitations to ${dataDir}/outbox/.
    3. Connect QuickBooks, Xero and Asana (OAuth) and Stripe (any sk_test_ key, e.g. sk_test_Demo12345): their invoices,
       payments and projects are linked to the client by identity resolution as they arrive.
    4. Open an invitation link from the outbox to see the client's portal fill up.`);
  if (options.exitWhenDone) return finish(0);
  return new Promise<number>((resolvePromise) => {
    process.once('SIGINT', () => void finish(0).then(resolvePromise));
    process.once('SIGTERM', () => void finish(0).then(resolvePromise));
  });

  async function finish(code: number): Promise<number> {
    await demo.close();
    return code;
  }
}
