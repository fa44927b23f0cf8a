/**
 * `npm run demo -- --console`: the emulators of every kind of system, and a hub that knows only
 * the apps' keys — no account is connected. A staff owner's sign-in link is printed; from the
 * console, staff connect the CRM and each other system (OAuth against the emulators' own authorize
 * pages, or a pasted test key), watch the backfills, and the won deal's client gets a portal that
 * fills up as each system is connected. The emulators are found by folder convention
 * (connectors/<provider>/emulator/demo.ts): nothing here names a provider.
 */
import { listConnections } from '../store/connections/list-connections.js';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { createAppContext, closeAppContext } from '../app/create-app-context.js';
import { startServer } from '../server/start-server.js';
import { addStaffUser } from '../staff/add-staff-user.js';
import { loadConnectorRegistry } from '../connector-kit/registry.js';
import type { DemoEmulator } from '../connector-kit/demo-emulator.js';
import { loadDemoEmulators } from './load-demo-emulators.js';
import { defaultDemoCrm, startDemoEmulators, type StartedDemoEmulator } from './start-demo-emulators.js';
import { prepareDemoHub } from './prepare-demo-hub.js';
import { runningNote } from './run-demo.js';

export interface ConsoleDemo {
  url: string;
  dataDir: string;
  staffLink: string;
  describe: string;
  /** What to do in the console, step by step. */
  steps: string;
  close(): Promise<void>;
}

/** Starts the emulators and a hub with nothing connected; the caller decides what to print and when to stop. */
export async function startConsoleDemo(options: { port: number; dataDir: string; publicUrl?: string; logLevel?: string; crm?: string; emulators?: DemoEmulator[] }): Promise<ConsoleDemo> {
  const dataDir = options.dataDir;
  const hub = await prepareDemoHub({ dataDir, port: options.port, publicUrl: options.publicUrl });

  const emulators = options.emulators ?? (await loadDemoEmulators());
  const crm = options.crm ?? defaultDemoCrm(emulators);
  if (!crm) throw new Error('No CRM demo emulator found (connectors/<provider>/emulator/demo.ts with role "crm")');
  // The deal is already won in the CRM: connecting the CRM is what provisions its client.
  const started = await startDemoEmulators({ emulators, crm, mode: 'oauth', dealAlreadyWon: true, registry: await loadConnectorRegistry() });
  const config = loadConfig({
    ...process.env,
    CLIENTHUB_DATA_DIR: dataDir,
    PORT: String(hub.port),
    PUBLIC_URL: hub.publicUrl,
    ...started.env,
    CLIENTHUB_BUSINESS_NAME: process.env.CLIENTHUB_BUSINESS_NAME ?? 'Brightside Agency',
    CLIENTHUB_POLL_INTERVAL_SECONDS: '60',
    REDIS_URL: '',
    SMTP_URL: '',
    LOG_LEVEL: options.logLevel ?? 'warn',
  });
  const app = await createAppContext(config);
  const server = await startServer(app);
  const connections = (await listConnections(app.store.db)).length;
  const { link } = await addStaffUser(app, { email: 'owner@brightside.example', role: 'owner', name: 'Demo owner' });
  const connect = (emulator: StartedDemoEmulator) => `${emulator.displayName}${emulator.running.consoleHint ? ` (${emulator.running.consoleHint})` : ''}`;
  return {
    url: config.publicUrl,
    dataDir,
    staffLink: link,
    describe: `${started.describe.join('; ')}\n\n▸ ClientHub running at ${config.publicUrl}${runningNote(server.url, config.publicUrl)} (data in ${dataDir}) with ${connections} connected accounts.`,
    steps: `
    1. Open the link, press the button, go to Connect.
    2. Connect ${connect(started.crm)}: the backfill provisions the client whose deal is already won
       and writes invitations to ${dataDir}/outbox/.
    3. Connect ${started.sources.map(connect).join(', ')}:
       their invoices, payments and projects are linked to the client by identity resolution as they arrive.
    4. Open an invitation link from the outbox to see the client's portal fill up.`,
    async close() {
      await server.close();
      await closeAppContext(app);
      await started.close();
    },
  };
}

export async function runConsoleDemo(options: { exitWhenDone: boolean; crm?: string; emulators?: DemoEmulator[] }): Promise<number> {
  const say = (text: string) => console.log(`\n▸ ${text}`);
  const dataDir = resolve(process.env.CLIENTHUB_DATA_DIR ?? '.demo-data');
  const demo = await startConsoleDemo({ port: Number(process.env.PORT ?? 3000), dataDir, publicUrl: process.env.PUBLIC_URL || undefined, logLevel: process.env.LOG_LEVEL, crm: options.crm, emulators: options.emulators });
  say(demo.describe);
  say(`Staff console sign-in (one-time, 10 minutes):\n    ${demo.staffLink}`);
  console.log(demo.steps);
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
