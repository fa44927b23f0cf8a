/**
 * Webhook acknowledgement under load: signed HubSpot deliveries sent open-loop at a fixed rate
 * (1 000 a second for 10 s by default), each timed from send to the hub's 200, while the jobs they
 * queue run — in the server process (no Redis), or in a separate worker process on Redis (BullMQ),
 * both writing the same SQLite file as the real deployment does. The goal is p99 < 25 ms in every run.
 * The hub, its worker, the provider (HubSpot emulator) and this load generator are separate processes
 * (bench-ack-processes.ts): a provider and its delivery traffic never share the hub's event loop in
 * a deployment, and the hub server's CPU time per delivery is reported beside the latencies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signWebhookV3 } from '../connectors/hubspot/emulator/sign-webhook.js';
import { percentile } from './stats.js';
import { createThrowAwayPostgres } from '../tests/support/store-engines.js';
import type { StoreEngine } from '../src/store/store.js';

const SECRET = 'bench-app-secret';
const KEY = 'bench-secret-key-0123456789-abcdefghijklmnop';

export interface AckRun {
  sent: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Deliveries per second actually sent (the generator may fall behind a saturated event loop). */
  sentPerSecond: number;
  /** The hub server process's CPU time per delivery sent (from ready to stop: the load, jobs included when in-process). */
  serverCpuMsPerDelivery?: number;
  /** With Redis: the worker process's CPU time per delivery sent, over the same span (jobs still queued at the stop not counted). */
  workerCpuMsPerDelivery?: number;
}

function post(agent: Agent, url: URL, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function sendLoad(serverUrl: string, rate: number, seconds: number, objectIds: string[]): Promise<AckRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL('/webhooks/hubspot', serverUrl);
  const latencies: number[] = [];
  let failed = 0;
  let sent = 0;
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  let eventId = Math.floor(Math.random() * 1e9);
  while (sent < total) {
    // Open loop: however slow the answers, deliveries keep leaving on schedule.
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    for (; sent < due; sent++) {
      const event = { eventId: eventId++, subscriptionId: 1, portalId: 1, appId: 1, occurredAt: Date.now(), subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: Number(objectIds[sent % objectIds.length]), changeSource: 'CRM_UI', propertyName: 'email', propertyValue: 'x' };
      const body = JSON.stringify([event]);
      const timestamp = Date.now();
      const headers = { 'content-type': 'application/json', 'x-hubspot-signature-v3': signWebhookV3({ clientSecret: SECRET, method: 'POST', uri: 'http://hub.bench/webhooks/hubspot', body, timestamp }), 'x-hubspot-request-timestamp': String(timestamp) };
      const t = performance.now();
      inflight.push(
        post(agent, target, body, headers).then(
          (status) => {
            latencies.push(performance.now() - t);
            if (status !== 200) failed++;
          },
          () => {
            failed++;
          },
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await Promise.all(inflight);
  agent.destroy();
  return { sent, failed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: Math.max(...latencies), sentPerSecond: Math.round(sent / sendSeconds) };
}

interface Role<T> {
  child: ChildProcess;
  ready: T;
  /** Resolves with the CPU time the process spent from ready to stop (its last line). */
  cpuMs: Promise<number>;
}

/** Starts one of bench-ack-processes.ts's roles and resolves with the JSON line it prints once ready. */
function startRole<T>(role: 'emulator' | 'server' | 'worker', env: Record<string, string>): Promise<Role<T>> {
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE_ROLE === role ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR ?? tmpdir()}`] : []), '--import', 'tsx', join(import.meta.dirname, 'bench-ack-processes.ts')], { env: { ...process.env, ...env, BENCH_ROLE: role }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const lines = () => out.split('\n').filter((line) => line.startsWith('{'));
  const cpuMs = new Promise<number>((resolve) => child.once('exit', () => resolve((JSON.parse(lines().at(-1) ?? '{}') as { cpuMs?: number }).cpuMs ?? NaN)));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench ${role} exited early (${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = out.includes('\n') ? lines()[0] : undefined;
      if (ready) resolve({ child, ready: JSON.parse(ready) as T, cpuMs });
    });
  });
}

async function stopRole(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * One run; `redis` puts the jobs on BullMQ with a worker in its own process; `engine: 'postgres'` stores
 * into a throw-away PostgreSQL database instead of the data directory's SQLite file. The hub (and its
 * worker), the provider (the HubSpot emulator, which the jobs call) and this load generator are
 * separate processes, as in a deployment: only the hub's own work shares its event loop.
 */
export async function benchWebhookAck(options: { rate: number; seconds: number; redis: boolean; engine?: StoreEngine }): Promise<AckRun> {
  const dir = mkdtempSync(join(tmpdir(), 'clienthub-bench-ack-'));
  // On PostgreSQL: a throw-away database on the bench's server, shared by the hub's server and worker.
  const database = options.engine === 'postgres' ? await createThrowAwayPostgres() : null;
  const children: ChildProcess[] = [];
  let run: AckRun | undefined;
  let serverCpuMs: Promise<number> | undefined;
  let workerCpuMs: Promise<number> | undefined;
  try {
    const emulator = await startRole<{ url: string; contactIds: string[] }>('emulator', {});
    children.push(emulator.child);
    const env: Record<string, string> = {
      CLIENTHUB_DATA_DIR: dir,
      CLIENTHUB_SECRET_KEY: KEY,
      PUBLIC_URL: 'http://hub.bench',
      HUBSPOT_ACCESS_TOKEN: 'bench-token',
      HUBSPOT_CLIENT_SECRET: SECRET,
      HUBSPOT_BASE_URL: emulator.ready.url,
      ...(options.redis ? { REDIS_URL: 'redis://127.0.0.1:6379', CLIENTHUB_QUEUE_NAME: `bench-ack-${process.pid}-${Date.now()}` } : {}),
      ...(database ? { DATABASE_URL: database.url } : {}),
    };
    // The server first: it makes the data directory's database; the worker opens it.
    const server = await startRole<{ url: string }>('server', env);
    children.push(server.child);
    serverCpuMs = server.cpuMs;
    if (options.redis) {
      const worker = await startRole<{ ready: boolean }>('worker', env);
      children.push(worker.child);
      workerCpuMs = worker.cpuMs;
    }
    // Warm-up, not measured: the first deliveries load the connector's code and fill statement caches.
    await sendLoad(server.ready.url, 50, 1, emulator.ready.contactIds);
    for (const child of children) child.kill('SIGUSR2');
    run = await sendLoad(server.ready.url, options.rate, options.seconds, emulator.ready.contactIds);
  } finally {
    for (const child of children.reverse()) await stopRole(child);
    rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  }
  return { ...run, serverCpuMsPerDelivery: (await serverCpuMs!) / run.sent, ...(workerCpuMs ? { workerCpuMsPerDelivery: (await workerCpuMs) / run.sent } : {}) };
}
