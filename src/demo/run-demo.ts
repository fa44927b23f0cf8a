/**
 * `npm run demo`: the whole path on one machine, with nothing to configure. A local CRM emulator
 * (the default one, or `--crm <provider>`) and every other provider's emulator are seeded with the
 * same few clients; the hub backfills them through the real connectors; a deal is won and the CRM's
 * notification reaches the hub; the client is provisioned and the invitation lands in the outbox;
 * the portal is open at the printed link. The emulators are found by folder convention
 * (connectors/<provider>/emulator/demo.ts): nothing here names a provider.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { createAppContext, closeAppContext } from '../app/create-app-context.js';
import { startServer } from '../server/start-server.js';
import { runSchedulerTick } from '../sync/run-scheduler-tick.js';
import { readEml } from '../mail/read-eml.js';
import { prepareDemoHub } from './prepare-demo-hub.js';
import { addStaffUser } from '../staff/add-staff-user.js';
import { loadConnectorRegistry } from '../connector-kit/registry.js';
import type { DemoEmulator } from '../connector-kit/demo-emulator.js';
import { loadDemoEmulators } from './load-demo-emulators.js';
import { defaultDemoCrm, startDemoEmulators } from './start-demo-emulators.js';
import { readDemoSummary } from '../store/demo/read-demo-summary.js';
import { listClientDocuments } from '../documents/load-documents.js';
import { listClientRecords } from '../records/client-records.js';

export async function runDemo(options: { exitWhenDone: boolean; crm?: string; emulators?: DemoEmulator[] }): Promise<number> {
  const say = (text: string) => console.log(`\n▸ ${text}`);
  const dataDir = resolve(process.env.CLIENTHUB_DATA_DIR ?? '.demo-data');
  const hub = await prepareDemoHub({ dataDir, port: Number(process.env.PORT ?? 3000), publicUrl: process.env.PUBLIC_URL || undefined });

  const emulators = options.emulators ?? (await loadDemoEmulators());
  const crm = options.crm ?? defaultDemoCrm(emulators);
  if (!crm) throw new Error('No CRM demo emulator found (connectors/<provider>/emulator/demo.ts with role "crm")');
  const running = await startDemoEmulators({ emulators, crm, mode: 'tokens', registry: await loadConnectorRegistry() });
  const winDeal = running.crm.running.winDeal;
  if (!winDeal) {
    await running.close();
    throw new Error(`connectors/${crm}/emulator/demo.ts has no winDeal: a CRM's demo emulator must win its demo deal`);
  }
  for (const line of running.describe) say(line);

  const config = loadConfig({
    ...process.env,
    CLIENTHUB_DATA_DIR: dataDir,
    PORT: String(hub.port),
    PUBLIC_URL: hub.publicUrl,
    ...running.env,
    CLIENTHUB_BUSINESS_NAME: process.env.CLIENTHUB_BUSINESS_NAME ?? 'Brightside Agency',
    REDIS_URL: '',
    SMTP_URL: '',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const app = await createAppContext(config);
  const server = await startServer(app);
  say(`ClientHub running at ${config.publicUrl}${runningNote(server.url, config.publicUrl)} (data in ${dataDir})`);

  const started = Date.now();
  await runSchedulerTick(app);
  await app.jobs.drain(120_000);
  const counts = (await readDemoSummary(app.store.db)).recordsByKind;
  say(`Backfilled in ${Date.now() - started} ms: ${counts.map((c) => `${c.n} ${c.kind}`).join(', ')}`);

  say(await winDeal({ postTo: server.url, publicUrl: config.publicUrl }));

  const outbox = join(dataDir, 'outbox');
  const deadline = Date.now() + 60_000;
  let invitations: string[] = [];
  while (Date.now() < deadline) {
    await app.jobs.drain(60_000);
    invitations = listEml(outbox);
    if (invitations.length > 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (invitations.length === 0) {
    console.error('No invitation was written to the outbox within a minute: see the log above.');
    return finish(1);
  }
  const summary = await readDemoSummary(app.store.db);
  const client = summary.client!;
  say(`Client "${client.name}" provisioned; ${invitations.length} invitation(s) written to ${outbox}:`);
  for (const file of invitations) {
    const mail = readEml(readFileSync(join(outbox, file), 'utf8'));
    console.log(`    ${mail.headers.to}\n      ${file}\n      ${mail.links[0]}`);
  }
  const { visible, matched, doubts, linkReviews: reviews } = summary;
  say(`Linked to "${client.name}" from the cache by identity resolution: ${visible.length === 0 ? 'nothing yet' : visible.map((v) => `${v.n} ${v.kind} (${v.provider})`).join(', ')}`);
  // What the Documents page shows the client's administrator, by the system that keeps each file.
  const documents = await listClientDocuments(app.store.db, client.id, 'client_admin');
  const bySource = new Map<string, number>();
  for (const document of documents) bySource.set(document.provider, (bySource.get(document.provider) ?? 0) + 1);
  say(`Documents shared with "${client.name}": ${documents.length === 0 ? 'none yet' : [...bySource].sort(([a], [b]) => a.localeCompare(b)).map(([provider, n]) => `${n} from ${provider}`).join(', ')}`);
  // What the "Waiting on you" card shows as approvals: client-visible approval tasks still pending in Asana.
  const approvals = (await listClientRecords(app.store.db, client.id, 'task')).filter((task) => task.data.clientVisible === true && task.data.approvalStatus === 'pending');
  say(`Approvals waiting on "${client.name}": ${approvals.length === 0 ? 'none' : approvals.map((task) => `"${task.data.name}" (${task.provider})`).join(', ')}`);
  say(`Invoice matching: ${matched.bills} bill(s) kept in several systems (${matched.copies} copies) are shown and counted once${doubts > 0 ? `; ${doubts} doubtful pair(s) wait in the staff review queue` : ''}`);
  if (reviews > 0) say(`${reviews} record(s) wait in the identity review queue: npx clienthub --data-dir ${dataDir} links review`);
  const { link } = await addStaffUser(app, { email: 'owner@brightside.example', role: 'owner', name: 'Demo owner' });
  say(`Staff console sign-in (one-time, 10 minutes; more with npx clienthub --data-dir ${dataDir} staff add <email> owner):\n    ${link}`);
  say(options.exitWhenDone ? 'Done.' : 'Open one of the links above in a browser to enter the portal. Ctrl-C stops the demo.');
  if (options.exitWhenDone) return finish(0);
  return new Promise<number>((resolvePromise) => {
    process.once('SIGINT', () => void finish(0).then(resolvePromise));
    process.once('SIGTERM', () => void finish(0).then(resolvePromise));
  });

  async function finish(code: number): Promise<number> {
    await server.close();
    await closeAppContext(app);
    await running.close();
    return code;
  }
}

function listEml(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  } catch {
    return [];
  }
}

/** The printed base is the public one; where the socket listens is said only when it differs (a proxy in front). */
export function runningNote(listening: string, publicUrl: string): string {
  const a = new URL(listening);
  const b = new URL(publicUrl);
  const loopback = (host: string) => ['localhost', '127.0.0.1', '[::1]'].includes(host);
  return a.port === b.port && loopback(a.hostname) && loopback(b.hostname) ? '' : `, listening on ${listening}`;
}
