/**
 * Issue 20, a measurement (not a test): webhook acknowledgement latency while a backfill writes.
 * Signed HubSpot deliveries are posted at 1 000/s for 10 s (open loop, from a separate process so
 * the sender's clock is not the server's), and each answer's latency is kept; meanwhile a HubSpot
 * backfill of the emulator runs either in the server's own process (`inprocess`, the in-process
 * queue, whose worker also runs the deliveries' jobs) or in another process on the same SQLite file
 * (`separate`: the server only acknowledges and queues, as beside Redis workers).
 *
 *   npx tsx scripts/measure-webhook-acks.ts [inprocess|separate|idle] [companies] [root]
 *
 * (idle: no backfill, the acknowledgement path alone.)
 *
 * root (default: this checkout) lets the same script measure another checkout (before/after).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const role = process.env.MEASURE_ROLE ?? 'main';
const mode = process.argv[2] ?? 'inprocess';
const companies = Number(process.argv[3] ?? 20_000);
const root = resolve(process.env.MEASURE_ROOT ?? process.argv[4] ?? '.');
const RATE = Number(process.env.MEASURE_RATE ?? 1000);
const SECONDS = Number(process.env.MEASURE_SECONDS ?? 10);
const SECRET = 'measure-app-secret';
const TYPES = ['companies', 'contacts', 'deals'];
const here = fileURLToPath(import.meta.url);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

function configOf(dataDir: string, emulatorUrl: string, loadConfig: (env: Record<string, string>) => unknown) {
  return loadConfig({
    CLIENTHUB_DATA_DIR: dataDir,
    CLIENTHUB_SECRET_KEY: 'measure-secret-key-0123456789-abcdefghijklmnop',
    PUBLIC_URL: 'http://hub.measure',
    HUBSPOT_ACCESS_TOKEN: 'measure-token',
    HUBSPOT_CLIENT_SECRET: SECRET,
    HUBSPOT_BASE_URL: emulatorUrl,
    HUBSPOT_SEARCH_RPS: '100000',
    // separate: the server only acknowledges (as beside Redis workers); the jobs wait in the queue.
    CLIENTHUB_SERVER_WORKER: mode === 'separate' ? 'false' : 'true',
  });
}

async function backfill(app: { db: { prepare(sql: string): { get(): unknown } } }, runPull: (app: unknown, id: number, type: string, mode: string) => Promise<unknown>) {
  const connectionId = (app.db.prepare(`SELECT id FROM connections WHERE provider = 'hubspot'`).get() as { id: number }).id;
  const started = performance.now();
  for (const type of TYPES) await runPull(app, connectionId, type, 'backfill');
  return performance.now() - started;
}

if (role === 'load') {
  // The sender: RATE deliveries a second, each timed from send to answer.
  // Signed as HubSpot signs (v3), sent over a keep-alive pool (fetch's pool stalls at this rate).
  const { signWebhookV3 } = await import(join(root, 'connectors/hubspot/emulator/sign-webhook.js'));
  const http = await import('node:http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const post = (events: unknown[]) =>
    new Promise<number>((done, fail) => {
      const body = JSON.stringify(events);
      const timestamp = Date.now();
      const request = http.request(`${url}/webhooks/hubspot`, {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-hubspot-signature-v3': signWebhookV3({ clientSecret: SECRET, method: 'POST', uri: 'http://hub.measure/webhooks/hubspot', body, timestamp }),
          'x-hubspot-request-timestamp': String(timestamp),
        },
      }, (response) => {
        response.resume();
        response.on('end', () => done(response.statusCode ?? 0));
      });
      request.on('error', fail);
      request.end(body);
    });
  const url = process.env.MEASURE_URL!;
  const latencies: number[] = [];
  let failures = 0;
  const inFlight: Promise<void>[] = [];
  const base = Date.now() * 1000;
  // Warm-up, not counted: the pool's connections opened, both sides' code paths compiled.
  for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: 64 }, (_, i) => post([{ eventId: base - 1 - round * 64 - i, subscriptionId: 1, portalId: 1, appId: 1, occurredAt: Date.now(), subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: 1 + i, changeSource: 'CRM_UI', propertyName: 'email', propertyValue: 'x' }])));
  let sent = 0;
  const started = performance.now();
  const total = RATE * SECONDS;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
    for (; sent < due; sent++) {
      const event = { eventId: base + sent, subscriptionId: 1, portalId: 1, appId: 1, occurredAt: Date.now(), subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: 1 + (sent % 500), changeSource: 'CRM_UI', propertyName: 'email', propertyValue: 'x' };
      const t = performance.now();
      inFlight.push(
        post([event])
          .then((status) => {
            latencies.push(performance.now() - t);
            if (status !== 200) failures++;
          })
          .catch((error: unknown) => {
            if (failures++ === 0) console.error('first failure:', error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause)}` : error);
          }),
      );
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(inFlight);
  process.send!({ count: latencies.length, failures, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) });
} else if (role === 'emulator') {
  // The provider runs in a process of its own, as a real one would: its work is not the hub's.
  const { HubSpotEmulatorStore } = await import(join(root, 'connectors/hubspot/emulator/emulator-store.js'));
  const { startHubSpotEmulator } = await import(join(root, 'connectors/hubspot/emulator/start-hubspot-emulator.js'));
  const store = new HubSpotEmulatorStore();
  store.generate(companies);
  const emulator = await startHubSpotEmulator({ store });
  process.send!({ emulatorUrl: emulator.url });
} else if (role === 'backfill') {
  const { loadConfig } = await import(join(root, 'src/config/load-config.js'));
  const { createAppContext, closeAppContext } = await import(join(root, 'src/app/create-app-context.js'));
  const { silentLogger } = await import(join(root, 'src/logging/logger.js'));
  const { runPull } = await import(join(root, 'src/sync/run-pull.js'));
  const app = await createAppContext(configOf(process.env.MEASURE_DATA_DIR!, process.env.MEASURE_EMULATOR_URL!, loadConfig), { logger: silentLogger });
  process.send!({ ready: true });
  const ms = await backfill(app, runPull);
  process.send!({ backfillMs: ms });
  await closeAppContext(app);
} else {
  const { loadConfig } = await import(join(root, 'src/config/load-config.js'));
  const { createAppContext, closeAppContext } = await import(join(root, 'src/app/create-app-context.js'));
  const { silentLogger } = await import(join(root, 'src/logging/logger.js'));
  const { runPull } = await import(join(root, 'src/sync/run-pull.js'));
  const { startServer } = await import(join(root, 'src/server/start-server.js'));
  const message = <T>(proc: ReturnType<typeof fork>, has: string) => new Promise<T>((done) => proc.on('message', (m: Record<string, unknown>) => has in m && done(m as T)));
  const emulatorProcess = fork(here, [mode, String(companies)], { execArgv: ['--import', 'tsx'], env: { ...process.env, MEASURE_ROLE: 'emulator', MEASURE_ROOT: root } });
  const emulator = { url: (await message<{ emulatorUrl: string }>(emulatorProcess, 'emulatorUrl')).emulatorUrl };
  const dataDir = mkdtempSync(join(tmpdir(), 'measure-acks-'));
  const app = await createAppContext(configOf(dataDir, emulator.url, loadConfig), { logger: silentLogger });
  const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
  // Experiment: the serving handle never runs the WAL's automatic checkpoint (another handle does).
  if (process.env.MEASURE_SERVER_AUTOCHECKPOINT) app.db.pragma(`wal_autocheckpoint = ${Number(process.env.MEASURE_SERVER_AUTOCHECKPOINT)}`);
  if (process.env.MEASURE_DEBUG) {
    // Which synchronous blocks hold the loop: every transaction over 50 ms, with its caller.
    const db = app.db as { transaction(fn: (...a: unknown[]) => unknown): unknown };
    const original = db.transaction.bind(db);
    db.transaction = (fn: (...a: unknown[]) => unknown) => {
      const wrapped = original(fn) as ((...a: unknown[]) => unknown) & Record<string, (...a: unknown[]) => unknown>;
      const timed = (run: (...a: unknown[]) => unknown) => (...args: unknown[]) => {
        const t = performance.now();
        try {
          return run(...args);
        } finally {
          const ms = performance.now() - t;
          if (ms > 50) console.error(`transaction ${ms.toFixed(0)} ms`, new Error().stack!.split('\n').slice(2, 6).map((l) => l.trim().replace(/.*\//, '')).join(' < '));
        }
      };
      const out = timed(wrapped) as typeof wrapped;
      for (const kind of ['deferred', 'immediate', 'exclusive']) out[kind] = timed(wrapped[kind]!);
      return out;
    };
  }
  // Server-side time of each acknowledgement (arrival to last byte written), beside the sender's.
  const serverSide: number[] = [];
  server.server.on('request', (req: { method?: string }, res: { on(e: string, f: () => void): void }) => {
    const t = performance.now();
    if (req.method === 'POST') res.on('finish', () => serverSide.push(performance.now() - t));
  });
  const child = (childRole: string) =>
    fork(here, [mode, String(companies)], { execArgv: ['--import', 'tsx'], env: { ...process.env, MEASURE_ROLE: childRole, MEASURE_ROOT: root, MEASURE_URL: server.url, MEASURE_DATA_DIR: dataDir, MEASURE_EMULATOR_URL: emulator.url } });

  let backfillDone: Promise<number>;
  if (mode === 'separate') {
    const worker = child('backfill');
    await message(worker, 'ready');
    backfillDone = message<{ backfillMs: number }>(worker, 'backfillMs').then((m) => m.backfillMs);
  } else if (mode === 'idle') backfillDone = Promise.resolve(0);
  else backfillDone = backfill(app, runPull);
  await new Promise((r) => setTimeout(r, 1000)); // the backfill is under way
  // How long the server's event loop was held (a synchronous write, or a wait for the write lock):
  // a delivery arriving meanwhile waits at least that long for its answer.
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const loader = child('load');
  const acks = await message<{ count: number; failures: number; p50: number; p99: number; max: number }>(loader, 'p99');
  loopDelay.disable();
  const backfillMs = await backfillDone;
  const stored = (app.db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n;
  console.log(JSON.stringify({ root, mode, companies, rate: RATE, seconds: SECONDS, acks: { ...acks, p50: +acks.p50.toFixed(1), p99: +acks.p99.toFixed(1), max: +acks.max.toFixed(1) }, eventLoopDelayMs: { p50: +(loopDelay.percentile(50) / 1e6).toFixed(1), p99: +(loopDelay.percentile(99) / 1e6).toFixed(1), max: +(loopDelay.max / 1e6).toFixed(1) }, serverSide: { p50: +percentile(serverSide, 50).toFixed(1), p99: +percentile(serverSide, 99).toFixed(1), max: +Math.max(...serverSide).toFixed(1) }, backfillMs: Math.round(backfillMs), stored }));
  await app.jobs.drain?.(120_000).catch(() => {});
  await server.close();
  await closeAppContext(app);
  emulatorProcess.kill();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
