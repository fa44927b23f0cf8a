/**
 * /metrics: Prometheus text after a real sync against the HubSpot emulator (with its own 429s),
 * a rejected webhook and HTTP traffic; behind a Bearer token, on a separate port, or not at all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, hubspotConnectionId, type TestApp } from './support/create-test-app.js';
import { startServer } from '../src/server/start-server.js';
import { startMetricsServer } from '../src/metrics/start-metrics-server.js';
import { runPull } from '../src/sync/run-pull.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { Queue } from 'bullmq';
import { sqlGet } from './support/sql.js';

const TOKEN = 'metrics-token-' + 'm'.repeat(24);
const REDIS_URL = 'redis://127.0.0.1:6379';

/** The samples of one metric whose labels include `labels`. */
function samples(text: string, name: string, labels: Record<string, string> = {}): number[] {
  const found: number[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) found.push(Number(match[3]));
  }
  return found;
}
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('/metrics', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function hubWithEmulator(env: Record<string, string>) {
    const store = new HubSpotEmulatorStore();
    store.seedDemo();
    // One request a second on the emulator's clock; the hub's sleep moves that clock, so the
    // inline 429 waits pass without real time.
    let clock = Date.now();
    const hubspot: HubSpotEmulator = await startHubSpotEmulator({ store, rateLimit: { limit: 1, windowMs: 1000, now: () => clock } });
    cleanups.push(() => hubspot.close());
    const app: TestApp = await createTestApp({ HUBSPOT_BASE_URL: hubspot.url, ...env }, { sleep: async (ms) => void (clock += ms) });
    cleanups.push(() => app.dispose());
    return { app, hubspot };
  }

  it('behind CLIENTHUB_METRICS_TOKEN: 401 without it; sync runs, records, provider calls and 429s, webhooks, lag and HTTP latency with it', async () => {
    const { app } = await hubWithEmulator({ CLIENTHUB_METRICS_TOKEN: TOKEN });
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    cleanups.push(() => server.close());
    expect(server.metricsUrl).toBeUndefined();
    const scrape = async (authorization?: string) => fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} });

    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(`Basic ${TOKEN}`)).status).toBe(401);
    const before = await (await scrape(`Bearer ${TOKEN}`)).text();

    const connectionId = await hubspotConnectionId(app);
    await runPull(app, connectionId, 'companies', 'backfill');
    const run = (await sqlGet<{ status: string; added: number }>(app, `SELECT status, added FROM sync_runs ORDER BY id DESC LIMIT 1`))!;
    expect(run.status).toBe('succeeded');
    expect(run.added).toBeGreaterThan(0);
    // A forged delivery: rejected.
    expect((await fetch(`${server.url}/webhooks/hubspot`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': 'forged', 'x-hubspot-request-timestamp': String(Date.now()) }, body: '[]' })).status).toBe(401);

    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    const runs = { provider: 'hubspot', object_type: 'companies', mode: 'backfill', status: 'succeeded' };
    expect(sum(samples(text, 'clienthub_sync_runs_total', runs)) - sum(samples(before, 'clienthub_sync_runs_total', runs))).toBe(1);
    expect(sum(samples(text, 'clienthub_sync_records_total', { provider: 'hubspot', object_type: 'companies', change: 'added' }))).toBeGreaterThanOrEqual(run.added);
    expect(sum(samples(text, 'clienthub_provider_calls_total', { provider: 'hubspot', outcome: 'ok' }))).toBeGreaterThan(0);
    expect(sum(samples(text, 'clienthub_provider_calls_total', { provider: 'hubspot', outcome: 'rate_limited' }))).toBeGreaterThan(0);
    expect(sum(samples(text, 'clienthub_webhook_deliveries_total', { provider: 'hubspot', outcome: 'rejected' }))).toBe(1);
    const lag = samples(text, 'clienthub_sync_lag_seconds', { connection_id: String(connectionId), provider: 'hubspot', object_type: 'companies' });
    expect(lag).toHaveLength(1);
    expect(lag[0]).toBeGreaterThanOrEqual(0);
    expect(lag[0]).toBeLessThan(600);
    expect(samples(text, 'clienthub_jobs_waiting', { queue: 'in-process' })).toHaveLength(1);
    expect(samples(text, 'clienthub_connections', { provider: 'hubspot', status: 'active' })).toEqual([1]);
    expect(sum(samples(text, 'clienthub_http_request_duration_seconds_count', { method: 'POST', route: '/webhooks/:provider', status_code: '401' }))).toBe(1);
    expect(samples(text, 'clienthub_process_resident_memory_bytes').length + samples(text, 'clienthub_nodejs_heap_size_used_bytes').length).toBeGreaterThan(0);
    // Raw paths never become labels.
    expect(text).not.toMatch(/route="\/metrics\?|route="\/auth\/link\/[^:]/);
  });

  it('CLIENTHUB_METRICS_PORT: a listener of its own, not on the public port; the token still applies there when set', async () => {
    const { app } = await hubWithEmulator({ CLIENTHUB_METRICS_PORT: '0' });
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    cleanups.push(() => server.close());
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    const own = await fetch(server.metricsUrl!);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('# TYPE clienthub_sync_runs_total counter');

    const both = await hubWithEmulator({ CLIENTHUB_METRICS_PORT: '0', CLIENTHUB_METRICS_TOKEN: TOKEN });
    const guarded = await startMetricsServer(both.app, 0, '127.0.0.1');
    cleanups.push(() => guarded.close());
    expect((await fetch(guarded.url)).status).toBe(401);
    expect((await fetch(guarded.url, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('neither token nor port: /metrics is not served', async () => {
    const { app } = await hubWithEmulator({});
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    cleanups.push(() => server.close());
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });

  it('queue depth and oldest wait, from the in-process queue and from BullMQ on Redis', async () => {
    for (const env of [{}, { REDIS_URL, CLIENTHUB_QUEUE_NAME: `clienthub-metrics-${process.pid}-${Date.now()}` }] as Record<string, string>[]) {
      const app = await createTestApp({ CLIENTHUB_METRICS_TOKEN: TOKEN, ...env });
      cleanups.push(() => app.dispose());
      if (env.CLIENTHUB_QUEUE_NAME) {
        const name = env.CLIENTHUB_QUEUE_NAME;
        // Leave nothing of this test's queue in the shared Redis.
        cleanups.push(async () => {
          const queue = new Queue(name, { connection: { url: REDIS_URL } });
          await queue.obliterate({ force: true });
          await queue.close();
        });
      }
      // No worker runs in this process: what is queued stays waiting.
      await app.jobs.enqueue('mail.deliver', {});
      await app.jobs.enqueue('links.resolve', {});
      const metrics = await startMetricsServer(app, 0, '127.0.0.1');
      cleanups.push(() => metrics.close());
      const text = await (await fetch(metrics.url, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      const queue = app.jobs.kind;
      expect({ queue, waiting: samples(text, 'clienthub_jobs_waiting', { queue }), running: samples(text, 'clienthub_jobs_running', { queue }) }).toEqual({ queue, waiting: [2], running: [0] });
      const oldest = samples(text, 'clienthub_jobs_oldest_waiting_seconds', { queue });
      expect(oldest).toHaveLength(1);
      expect(oldest[0]).toBeGreaterThanOrEqual(0);
      expect(oldest[0]).toBeLessThan(600);
    }
  });
});
