/**
 * Portal dashboard throughput and p99 latency with 10 000 clients in the cache, on SQLite, or with
 * `engine: 'postgres'` on a throw-away PostgreSQL database the seeded file is copied into.
 *
 *   npx tsx bench/portal-dashboard.ts            (BENCH_CLIENTS, BENCH_SECONDS, BENCH_CONCURRENCY to vary)
 *
 * Seeds a real SQLite cache through the same upsert the sync engine uses: per client a won HubSpot
 * deal with its owner, three Xero invoices (open, partly paid, paid) with two payments, and an Asana
 * project with four client-visible tasks and a milestone; a portal user per client. Then, over HTTP on
 * the whole app (Helmet, session check on every request), signed-in users of random clients load their
 * dashboards from several concurrent connections. The figures are reported as ratios against GET
 * /healthz on the same server in the same run (the cost of the HTTP stack alone), because absolute
 * numbers depend on the machine. Not a test: nothing is asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import express from 'express';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { closeAppContext, createAppContext } from '../src/app/create-app-context.js';
import { silentLogger } from '../src/logging/logger.js';
import { writeTransaction } from '../src/db/open-database.js';
import { saveConnection } from '../src/connections/connection-repository.js';
import { upsertRecordSync } from './support/upsert-record-sync.js';
import { linkFixtureRecord } from './support/link-fixture-record.js';
import { seedSession } from './support/seed-auth-rows.js';
import { createHttpApp } from '../src/http/create-http-app.js';
import type { AppContext } from '../src/app/app-context.js';
import type { StoreEngine } from '../src/store/store.js';
import { copySqliteToPostgres } from '../src/store/copy/copy-sqlite-to-postgres.js';
import { createThrowAwayPostgres } from '../tests/support/store-engines.js';
import type { Deal, Invoice, Payment, Project, RecordInput, RecordKind, TeamMember } from '../src/model/unified-model.js';

let CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10_000);
let SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
let CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
let SIGNED_IN_USERS = Math.min(CLIENTS, 500);
const DAY = 24 * 3600_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function seed(app: AppContext, now: number): Promise<{ clientIds: number[]; userIds: number[] }> {
  const connection = async (provider: string) =>
    (await saveConnection(app.store.db, app.keyring, { workspaceId: app.workspaceId, provider, label: 'bench', authType: 'token', credentials: { accessToken: `${provider}-bench` }, settings: {} }, now)).id;
  const hubspot = await connection('hubspot');
  const xero = await connection('xero');
  const asana = await connection('asana');
  let ext = 0;
  const put = (connectionId: number, provider: string, kind: RecordKind, objectType: string, data: unknown, clientId: number | null, externalId = `b${ext++}`) => {
    const { recordId } = upsertRecordSync(app.db, { workspaceId: app.workspaceId, connectionId, provider, objectType, externalId, kind, data, raw: { id: externalId, ...(data as object) }, sourceUpdatedAt: now - 5 * 60_000, deleted: false }, now - 5 * 60_000);
    if (clientId !== null) linkFixtureRecord(app.db, recordId, clientId);
    return externalId;
  };
  writeTransaction(app.db, () => {
    for (let o = 0; o < 50; o++) {
      const owner: TeamMember = { name: `Account Manager ${o}`, email: `am${o}@agency.example`, title: 'Account director' };
      put(hubspot, 'hubspot', 'team_member', 'owners', owner, null, `owner-${o}`);
    }
  });
  const clientIds: number[] = [];
  const userIds: number[] = [];
  const BATCH = 500;
  for (let start = 0; start < CLIENTS; start += BATCH) {
    writeTransaction(app.db, () => {
      for (let i = start; i < Math.min(CLIENTS, start + BATCH); i++) {
        const clientId = (app.db.prepare(`INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id`).get(app.workspaceId, `Client ${i} Ltd`, now, now) as { id: number }).id;
        clientIds.push(clientId);
        const deal: Deal = { name: `Engagement ${i}`, amountMinor: 1_000_000 + i, currency: 'USD', pipelineId: 'default', stageId: 'closedwon', stageLabel: 'Closed won', isClosed: true, isWon: true, closeDate: isoDay(now - 90 * DAY), ownerExternalId: `owner-${i % 50}`, companyExternalIds: [], contactExternalIds: [] };
        put(hubspot, 'hubspot', 'deal', 'deals', deal, clientId);
        const invoices: Invoice[] = [
          { number: `INV-${i}-1`, status: 'open', issueDate: isoDay(now - 10 * DAY), dueDate: isoDay(now + 20 * DAY), currency: 'USD', subtotalMinor: 100_000, taxMinor: 20_000, totalMinor: 120_000, amountDueMinor: 120_000, payUrl: `https://pay.example/${i}`, pdfAvailable: true, customerExternalId: null, lines: [{ description: 'Design sprint', quantity: 2, unitAmountMinor: 50_000, amountMinor: 100_000 }] },
          { number: `INV-${i}-2`, status: 'partially_paid', issueDate: isoDay(now - 40 * DAY), dueDate: isoDay(now - 10 * DAY), currency: 'EUR', subtotalMinor: 50_000, taxMinor: 0, totalMinor: 50_000, amountDueMinor: 30_000, payUrl: null, pdfAvailable: true, customerExternalId: null, lines: [{ description: 'Hosting', quantity: 1, unitAmountMinor: 50_000, amountMinor: 50_000 }] },
          { number: `INV-${i}-3`, status: 'paid', issueDate: isoDay(now - 70 * DAY), dueDate: isoDay(now - 40 * DAY), currency: 'USD', subtotalMinor: 80_000, taxMinor: 0, totalMinor: 80_000, amountDueMinor: 0, payUrl: null, pdfAvailable: true, customerExternalId: null, lines: [{ description: 'Discovery', quantity: 1, unitAmountMinor: 80_000, amountMinor: 80_000 }] },
        ];
        const invoiceIds = invoices.map((invoice) => put(xero, 'xero', 'invoice', 'Invoice', invoice, clientId));
        const payments: Payment[] = [
          { amountMinor: 80_000, currency: 'USD', paidAt: isoDay(now - 45 * DAY), refundedMinor: 0, method: 'Bank transfer', customerExternalId: null, invoiceExternalIds: [invoiceIds[2]!], allocations: [{ invoiceExternalId: invoiceIds[2]!, amountMinor: 80_000 }], creditAllocations: [] },
          { amountMinor: 20_000, currency: 'EUR', paidAt: isoDay(now - 12 * DAY), refundedMinor: 0, method: 'Card', customerExternalId: null, invoiceExternalIds: [invoiceIds[1]!], allocations: [{ invoiceExternalId: invoiceIds[1]!, amountMinor: 20_000 }], creditAllocations: [] },
        ];
        for (const payment of payments) put(xero, 'xero', 'payment', 'Payment', payment, clientId);
        const project: Project = { name: `Website ${i}`, ownerName: `Account Manager ${i % 50}`, dueDate: isoDay(now + 60 * DAY), percentComplete: null, statusColor: 'green', statusText: 'On track', archived: false };
        const projectId = put(asana, 'asana', 'project', 'Project', project, clientId);
        const tasks: RecordInput<'task'>[] = [
          { projectExternalId: projectId, name: 'Design approved', isMilestone: true, phase: 'Design', assigneeName: null, dueDate: isoDay(now - 5 * DAY), completed: true, completedAt: new Date(now - 5 * DAY).toISOString(), clientVisible: true },
          { projectExternalId: projectId, name: 'Send brand assets', isMilestone: false, phase: 'Design', assigneeName: null, dueDate: isoDay(now + 2 * DAY), completed: false, completedAt: null, clientVisible: true },
          { projectExternalId: projectId, name: 'Build pages', isMilestone: false, phase: 'Build', assigneeName: 'Dev', dueDate: isoDay(now + 20 * DAY), completed: false, completedAt: null, clientVisible: true },
          { projectExternalId: projectId, name: 'Launch', isMilestone: true, phase: 'Build', assigneeName: 'Dev', dueDate: isoDay(now + 45 * DAY), completed: false, completedAt: null, clientVisible: true },
          { projectExternalId: projectId, name: 'Internal QA', isMilestone: false, phase: 'Build', assigneeName: 'Dev', dueDate: isoDay(now + 40 * DAY), completed: false, completedAt: null, clientVisible: false },
        ];
        for (const task of tasks) put(asana, 'asana', 'task', 'Task', task, clientId);
        const userId = (app.db.prepare(`INSERT INTO portal_users (workspace_id, client_id, email, name, role, status, created_at) VALUES (?, ?, ?, ?, 'client_admin', 'active', ?) RETURNING id`).get(app.workspaceId, clientId, `user${i}@client${i}.example`, `User ${i}`, now) as { id: number }).id;
        userIds.push(userId);
      }
    });
  }
  return { clientIds, userIds };
}

export interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

async function load(base: string, targets: { path: string; cookie?: string }[]): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const target = targets[next++ % targets.length]!;
        const t = performance.now();
        const res = await fetch(base + target.path, { headers: target.cookie ? { cookie: target.cookie } : {}, redirect: 'manual' });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status !== 200) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { requests: latencies.length, failures, seconds, rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export interface DashboardFigures {
  clients: number;
  records: number;
  dashboard: LoadResult;
  healthz: LoadResult;
  /**
   * The same signed-in users on a portal page with almost no data of its own (GET /account: the
   * session check, the modules for the navigation, one row of account facts, the layout): what any
   * signed-in page costs before it reads a record, so about the most the dashboard could reach.
   */
  signedInPage: LoadResult;
  /** Bare express answering a body of the dashboard's size: the ceiling for the same bytes. */
  bareExpress: LoadResult;
  bodyBytes: number;
}

/**
 * Seeds `clients` clients (12 records each), then loads signed-in dashboards, GET /healthz, and a bare
 * express app serving a body of the same size, from `concurrency` connections for `seconds` each.
 */
export async function benchDashboard(options: { clients: number; seconds: number; concurrency: number; engine?: StoreEngine }): Promise<DashboardFigures> {
  CLIENTS = options.clients;
  SECONDS = options.seconds;
  CONCURRENCY = options.concurrency;
  SIGNED_IN_USERS = Math.min(CLIENTS, 500);
  const dataDir = mkdtempSync(join(tmpdir(), 'clienthub-bench-portal-'));
  const env = { CLIENTHUB_DATA_DIR: dataDir, CLIENTHUB_SECRET_KEY: 'bench-secret-key-0123456789-abcdefghijklmnop', PUBLIC_URL: 'http://127.0.0.1:3000' };
  const config = loadConfig(env, dataDir);
  const app = await createAppContext(config, { logger: silentLogger });
  let serving = app;
  let dropDatabase: (() => Promise<void>) | null = null;
  try {
    const now = Date.now();
    const { clientIds, userIds } = await seed(app, now);
    const records = (app.db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n;
    app.db.pragma('optimize');
    const targets: { path: string; cookie: string }[] = [];
    for (let k = 0; k < SIGNED_IN_USERS; k++) {
      const index = Math.floor((k * clientIds.length) / SIGNED_IN_USERS);
      const session = seedSession(app.db, app.keyring.signingKey, { userId: userIds[index]!, userAgent: 'bench', ip: '127.0.0.1' }, now);
      targets.push({ path: `/clients/${clientIds[index]}`, cookie: `clienthub_session=${session.sessionId}` });
    }
    // On PostgreSQL: the seeded file (sessions included) copied with the hub's own `copy-to-postgres`
    // into a throw-away database, and served by an app on it, with the same keys.
    const database = options.engine === 'postgres' ? await createThrowAwayPostgres() : null;
    if (database) {
      await copySqliteToPostgres({ sqliteFile: config.databaseFile, targetUrl: database.url });
      serving = await createAppContext(loadConfig({ ...env, DATABASE_URL: database.url }, dataDir), { logger: silentLogger });
      dropDatabase = database.drop;
    }
    const server = createServer(createHttpApp(serving));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const probeResponse = await fetch(base + targets[0]!.path, { headers: { cookie: targets[0]!.cookie } });
    const probe = await probeResponse.text();
    for (const needle of ['Amount due', 'Next milestone', 'Your engagements', 'Account Manager']) if (!probe.includes(needle)) throw new Error(`dashboard lacks "${needle}"`);
    const signedInProbe = await fetch(base + '/account', { headers: { cookie: targets[0]!.cookie } });
    if (signedInProbe.status !== 200) throw new Error(`GET /account answered ${signedInProbe.status}, not 200`);
    await signedInProbe.arrayBuffer();
    const bodyBytes = Buffer.byteLength(probe);
    const bare = express();
    const body = 'x'.repeat(bodyBytes);
    bare.get('/', (_req, res) => void res.type(probeResponse.headers.get('content-type') ?? 'text/html').send(body));
    const bareServer = createServer(bare);
    await new Promise<void>((resolve) => bareServer.listen(0, '127.0.0.1', resolve));
    const bareBase = `http://127.0.0.1:${(bareServer.address() as { port: number }).port}`;
    try {
      await load(base, [{ path: '/healthz' }]); // warm-up
      const healthz = await load(base, [{ path: '/healthz' }]);
      const dashboard = await load(base, targets);
      const signedInPage = await load(base, targets.map(({ cookie }) => ({ path: '/account', cookie })));
      const bareExpress = await load(bareBase, [{ path: '/' }]);
      return { clients: clientIds.length, records, dashboard, healthz, signedInPage, bareExpress, bodyBytes };
    } finally {
      server.closeAllConnections();
      server.close();
      bareServer.closeAllConnections();
      bareServer.close();
    }
  } finally {
    if (serving !== app) await closeAppContext(serving);
    await closeAppContext(app);
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const figures = await benchDashboard({ clients: CLIENTS, seconds: SECONDS, concurrency: CONCURRENCY });
  const row = (name: string, r: LoadResult) => `${name.padEnd(24)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   (${r.requests} requests, ${r.failures} failed)`;
  console.log(`${figures.clients} clients, ${figures.records} records; ${CONCURRENCY} connections, ${SECONDS} s each`);
  console.log(row('GET /healthz', figures.healthz));
  console.log(row('bare express, same size', figures.bareExpress));
  console.log(row('GET /clients/:id', figures.dashboard));
  console.log(row('GET /account', figures.signedInPage));
  console.log(`dashboard = ${(figures.dashboard.rps / figures.bareExpress.rps).toFixed(3)} × bare express; ${(figures.dashboard.rps / figures.healthz.rps).toFixed(3)} × /healthz`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
