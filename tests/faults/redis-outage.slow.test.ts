/**
 * `serve` and one `worker` on the hub's own redis-server (REDIS_URL, BullMQ), which the test
 * restarts empty and stops: scheduled polling must come back by itself after Redis lost every key;
 * signed webhooks must be acknowledged within 2 s while Redis is down and processed once it
 * returns; a provider's redelivery of an event still pending must queue it again; no event is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { freePort } from '../support/free-port.js';
import { startFaultWorld, type FaultWorld } from './support/start-fault-world.js';
import { startRedisServer, type RedisServer } from './support/start-redis-server.js';
import { hubBaseEnv, killAllHubs, makeDataDir, startHubProcess, waitForServeReady, waitForWorkerReady, type HubProcess } from './support/start-hub-process.js';
import { backfillDone, readRecord, syncRuns, webhookEventCounts, webhookEventStatus } from './support/read-hub-database.js';
import { companyIds, deliverHubSpotEvents, renameCompany } from './support/deliver-hubspot-change.js';
import { StopWaiting, waitUntil } from './support/wait-until.js';

describe('Redis restarted empty, and Redis down, under serve + worker', () => {
  let world: FaultWorld;
  let redis: RedisServer;
  let serve: HubProcess;
  let worker: HubProcess;
  let hubUrl: string;
  let env: Record<string, string>;
  const dataDir = makeDataDir();
  const alive = () => {
    for (const hub of [serve, worker]) if (hub.exit) throw new StopWaiting(`clienthub ${hub.command} exited (${JSON.stringify(hub.exit)}): a Redis outage must not end it.\n${hub.tail()}`);
  };
  const companyName = (id: string) => (readRecord(dataDir, 'hubspot', 'companies', id)?.raw.properties as Record<string, unknown> | undefined)?.name;

  beforeAll(async () => {
    world = await startFaultWorld({ hubspot: { generate: 8 }, quickbooks: {} });
    redis = await startRedisServer();
    const port = await freePort();
    env = { ...hubBaseEnv({ dataDir, port, redisUrl: redis.url }), ...world.env, CLIENTHUB_POLL_INTERVAL_SECONDS: '1', CLIENTHUB_JOB_LOCK_MS: '5000' };
    // The worker first: it migrates the database, so serve does not race it.
    worker = startHubProcess('worker', env);
    await waitForWorkerReady(worker);
    serve = startHubProcess('serve', env);
    hubUrl = await waitForServeReady(serve);
    const keys = Object.keys(world.expectedCounts());
    await waitUntil('the first backfill through BullMQ', () => (alive(), backfillDone(dataDir, keys)), Boolean, 60_000, 500);
  });

  afterAll(async () => {
    await killAllHubs();
    await redis?.stop();
    await world?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes scheduled polling after Redis restarts empty', async () => {
    const lastRunId = Math.max(0, ...syncRuns(dataDir).map((r) => r.id));
    await redis.restartEmpty();
    const restartedAt = Date.now();
    // The scheduler ticks every 15 s and the poll interval is 1 s: a new run is due at the next tick.
    await waitUntil(
      'a sync run started after Redis came back empty (polling must resume within 30 s; the job scheduler lived only in Redis)',
      () => (alive(), syncRuns(dataDir).filter((r) => r.id > lastRunId && r.startedAt >= restartedAt).length),
      (n) => n > 0,
      40_000,
      500,
    );
  });

  it('acknowledges signed webhooks within 2 s while Redis is down, and processes them after it returns', async () => {
    const ids = companyIds(world.hubspot!.emulator).slice(0, 5);
    const before = webhookEventCounts(dataDir, 'hubspot');
    await redis.stop();
    const deliveries = [];
    try {
      for (const [index, id] of ids.entries()) {
        const delivery = await deliverHubSpotEvents(hubUrl, [renameCompany(world.hubspot!.emulator, id, `Renamed during the outage ${index}`)], 5_000);
        deliveries.push({ id, ...delivery });
      }
    } finally {
      await redis.start();
    }
    alive();
    const late = deliveries.filter((d) => d.status !== 200 || d.ms >= 2_000).map((d) => `company ${d.id}: ${d.status ?? d.error} after ${d.ms} ms`);
    expect(late, 'webhook deliveries not acknowledged with 200 within 2 s while Redis was down (HubSpot retries, then gives up, on slow answers)').toEqual([]);

    await waitUntil(
      'every webhook event received during the outage processed after Redis returned (empty)',
      () => (alive(), { counts: webhookEventCounts(dataDir, 'hubspot'), names: ids.map(companyName) }),
      ({ counts, names }) => counts.processed === before.processed + ids.length && names.every((name, index) => name === `Renamed during the outage ${index}`),
      45_000,
      500,
    );
    const after = webhookEventCounts(dataDir, 'hubspot');
    expect(after.total, 'webhook events stored: each delivery once, none lost').toBe(before.total + ids.length);
    expect(after.failed, 'webhook events failed').toBe(0);
  });

  it('queues an event again when the provider redelivers it while it is still pending', async () => {
    const id = companyIds(world.hubspot!.emulator)[6]!;
    const before = webhookEventCounts(dataDir, 'hubspot');
    await redis.start();
    // No worker takes the job; then Redis loses it: the event stays pending in the hub's database.
    await worker.kill('SIGKILL');
    const event = renameCompany(world.hubspot!.emulator, id, 'Renamed, then the queue was lost');
    const first = await deliverHubSpotEvents(hubUrl, [event], 5_000);
    expect(first.status, `first delivery: ${first.error ?? first.body}`).toBe(200);
    await redis.restartEmpty();
    worker = startHubProcess('worker', env);
    await waitForWorkerReady(worker);
    // HubSpot retries a delivery it thinks failed: the same event id, attemptNumber 1.
    const again = await deliverHubSpotEvents(hubUrl, [{ ...event, attemptNumber: 1 }], 5_000);
    expect(again.status, `redelivery: ${again.error ?? again.body}`).toBe(200);
    // The event's own status, not the record: the 1-second poll would pick the rename up by itself.
    await waitUntil(
      'the redelivered (still pending) event processed',
      () => (alive(), webhookEventStatus(dataDir, 'hubspot', String(event.eventId))),
      (status) => status === 'processed',
      30_000,
      500,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nA redelivery of an event the hub holds as pending must queue it again (it was dropped as a duplicate).`);
    });
    const after = webhookEventCounts(dataDir, 'hubspot');
    expect(after.total, 'webhook events stored: the redelivery is the same event, stored once').toBe(before.total + 1);
    expect(companyName(id), 'the company after the redelivered event').toBe('Renamed, then the queue was lost');
  });
});
