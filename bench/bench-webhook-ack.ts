/**
 * Webhook acknowledgement under load: signed HubSpot deliveries sent open-loop at a fixed rate
 * (1 000 a second for 10 s by default), each timed from send to the hub's 200, while the jobs they
 * queue run — in the server process (no Redis), or in a separate worker process on Redis (BullMQ),
 * both writing the same SQLite file as the real deployment does. The goal is p99 < 25 ms in every run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { closeAppContext, createAppContext } from '../src/app/create-app-context.js';
import { silentLogger } from '../src/logging/logger.js';
import { startServer } from '../src/server/start-server.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { signWebhookV3 } from '../connectors/hubspot/emulator/sign-webhook.js';
import { percentile } from './stats.js';

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

function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'bench-worker.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench worker exited early (${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker ready')) resolve(child);
    });
  });
}

/** One run; `redis` puts the jobs on BullMQ with a worker in its own process. */
export async function benchWebhookAck(options: { rate: number; seconds: number; redis: boolean }): Promise<AckRun> {
  const dir = mkdtempSync(join(tmpdir(), 'clienthub-bench-ack-'));
  const store = new HubSpotEmulatorStore();
  const { contactIds } = store.generate(100);
  const emulator = await startHubSpotEmulator({ store });
  const env: Record<string, string> = {
    CLIENTHUB_DATA_DIR: dir,
    CLIENTHUB_SECRET_KEY: KEY,
    PUBLIC_URL: 'http://hub.bench',
    HUBSPOT_ACCESS_TOKEN: 'bench-token',
    HUBSPOT_CLIENT_SECRET: SECRET,
    HUBSPOT_BASE_URL: emulator.url,
    ...(options.redis ? { REDIS_URL: 'redis://127.0.0.1:6379', CLIENTHUB_QUEUE_NAME: `bench-ack-${process.pid}-${Date.now()}` } : {}),
  };
  const app = await createAppContext(loadConfig(env, dir), { logger: silentLogger });
  let worker: ChildProcess | null = null;
  try {
    if (options.redis) worker = await startWorkerProcess(env);
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    try {
      return await sendLoad(server.url, options.rate, options.seconds, contactIds);
    } finally {
      await server.close();
    }
  } finally {
    worker?.kill('SIGTERM');
    await closeAppContext(app);
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
