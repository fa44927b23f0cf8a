/**
 * The worker process is SIGKILLed in the middle of a HubSpot backfill (BullMQ on the hub's own
 * Redis, a slowed-down provider so the backfill is still running). A new worker resumes it and it
 * completes: exactly the emulator's records, none stored or applied twice (versions stay at 1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { freePort } from '../support/free-port.js';
import { startFaultWorld, type FaultWorld } from './support/start-fault-world.js';
import { startRedisServer, type RedisServer } from './support/start-redis-server.js';
import { hubBaseEnv, killAllHubs, makeDataDir, restartHubProcess, startHubProcess, waitForWorkerReady, type HubProcess } from './support/start-hub-process.js';
import { countsOf, duplicationReport, recordCounts, syncRuns } from './support/read-hub-database.js';
import { StopWaiting, waitUntil } from './support/wait-until.js';

describe('a worker SIGKILLed mid-backfill', () => {
  let world: FaultWorld;
  let redis: RedisServer;
  let env: Record<string, string>;
  const hubs: HubProcess[] = [];
  const dataDir = makeDataDir();

  beforeAll(async () => {
    world = await startFaultWorld({ hubspot: { generate: 800 } });
    // Every call a little slow: the backfill takes long enough to be interrupted.
    world.hubspot!.proxy.set({ mode: 'pass', delayMs: 800 });
    redis = await startRedisServer();
    const port = await freePort();
    // A 1-hour poll interval: only the first backfill (and its resumption) runs.
    env = { ...hubBaseEnv({ dataDir, port, redisUrl: redis.url }), ...world.env, CLIENTHUB_JOB_LOCK_MS: '3000', CLIENTHUB_POLL_INTERVAL_SECONDS: '3600' };
    // The worker alone: with REDIS_URL it runs the scheduler and the jobs; serve would only add HTTP.
    const worker = startHubProcess('worker', env);
    hubs.push(worker);
    await waitForWorkerReady(worker);
  });

  afterAll(async () => {
    await killAllHubs();
    await redis?.stop();
    await world?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes after the kill and completes with every record exactly once', async () => {
    const expected = countsOf(world.expectedCounts(), ['hubspot']);
    const [worker] = hubs as [HubProcess];
    // Kill once part of the contacts are in: mid-backfill, mid-object-type.
    const partial = await waitUntil(
      'part of the HubSpot contacts backfilled',
      () => {
        if (worker.exit) throw new StopWaiting(`the worker exited before it was killed: ${worker.tail()}`);
        return recordCounts(dataDir)['hubspot/contacts'] ?? 0;
      },
      (n) => n >= 400,
      90_000,
      100,
    );
    const successor = await restartHubProcess(worker, 'SIGKILL');
    hubs.push(successor);
    const atKill = recordCounts(dataDir);
    expect(atKill['hubspot/contacts'] ?? 0, `the kill came mid-backfill (contacts at the kill: ${JSON.stringify(atKill)}, first seen ${partial})`).toBeLessThan(expected['hubspot/contacts']!);

    await waitForWorkerReady(successor);
    await waitUntil(
      'the backfill resumed and completed by the new worker',
      () => {
        for (const hub of [successor]) if (hub.exit) throw new StopWaiting(`clienthub ${hub.command} exited (${JSON.stringify(hub.exit)}):\n${hub.tail()}`);
        return countsOf(recordCounts(dataDir), ['hubspot']);
      },
      (counts) => JSON.stringify(counts) === JSON.stringify(expected),
      150_000,
      500,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nExpected ${JSON.stringify(expected)}. Sync runs: ${JSON.stringify(syncRuns(dataDir).map((r) => `${r.objectType} ${r.status}${r.error ? `: ${r.error}` : ''}`))}`);
    });
    expect(duplicationReport(dataDir, ['hubspot']), 'records stored, created or versioned twice after the resumption').toEqual({ duplicateRecords: 0, createdTwice: 0, versionsAboveOne: 0 });
    expect(syncRuns(dataDir).filter((r) => r.status === 'failed').map((r) => `${r.objectType}: ${r.error}`), 'failed sync runs').toEqual([]);
  });
});
