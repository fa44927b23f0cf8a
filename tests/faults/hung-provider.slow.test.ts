/**
 * One provider hangs (Xero: the proxy accepts its calls and never answers, and drops each after
 * 5 s like an idle-timeout load balancer) while HubSpot and QuickBooks work. With
 * CLIENTHUB_PROVIDER_TIMEOUT_MS=2000 and a 1-second poll interval, the `serve` process (in-process
 * queue, default concurrency) must: keep syncing the other connections, keep processing signed
 * webhooks, and finish Xero once it answers again. Then HubSpot hangs while the scheduler ticks:
 * the process must never exit (it used to crash with "UNIQUE constraint failed: jobs.dedupe_key"
 * when a retried pull met the one the tick had queued meanwhile).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { freePort } from '../support/free-port.js';
import { startFaultWorld, type FaultWorld } from './support/start-fault-world.js';
import { hubBaseEnv, killAllHubs, makeDataDir, startHubProcess, waitForServeReady, type HubProcess } from './support/start-hub-process.js';
import { backfillDone, connections, countsOf, duplicationReport, readRecord, recordCounts, syncRuns } from './support/read-hub-database.js';
import { companyIds, deliverHubSpotEvents, renameCompany } from './support/deliver-hubspot-change.js';
import { StopWaiting, waitUntil } from './support/wait-until.js';

describe('a hung provider', () => {
  let world: FaultWorld;
  let hub: HubProcess;
  let hubUrl: string;
  let hangStartedAt: number;
  const dataDir = makeDataDir();
  const alive = () => {
    if (hub.exit) throw new StopWaiting(`the hub process exited (${JSON.stringify(hub.exit)}) while Xero hung — it must survive a hung provider.\n${hub.tail()}`);
  };
  const keysOf = (provider: string) => Object.keys(world.expectedCounts()).filter((k) => k.startsWith(`${provider}/`));

  beforeAll(async () => {
    world = await startFaultWorld({ hubspot: {}, xero: {}, quickbooks: {} });
    world.xero!.proxy.set({ mode: 'hang', resetAfterMs: 5_000 });
    hangStartedAt = Date.now();
    const port = await freePort();
    hub = startHubProcess('serve', {
      ...hubBaseEnv({ dataDir, port }),
      ...world.env,
      CLIENTHUB_PROVIDER_TIMEOUT_MS: '2000',
      CLIENTHUB_POLL_INTERVAL_SECONDS: '1',
      // Enough attempts that Xero is still being retried when it comes back (this test is about the hang, not the retry budget).
      CLIENTHUB_JOB_MAX_ATTEMPTS: '25',
    });
    hubUrl = await waitForServeReady(hub);
  });

  afterAll(async () => {
    await killAllHubs();
    await world?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps syncing the other connections and processing webhooks while Xero hangs', async () => {
    await waitUntil('HubSpot and QuickBooks backfilled while Xero hangs', () => (alive(), backfillDone(dataDir, [...keysOf('hubspot'), ...keysOf('quickbooks')])), Boolean, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\nA hung provider must not hold up the others. Sync runs: ${JSON.stringify(syncRuns(dataDir).map((r) => `${r.provider}/${r.objectType} ${r.status}`))}`);
    });
    expect(world.xero!.proxy.stats.faults.hang, 'Xero calls the proxy held (the fault was in place)').toBeGreaterThan(0);

    const companyId = companyIds(world.hubspot!.emulator)[0]!;
    const newName = `Renamed while Xero hangs ${Date.now()}`;
    const delivery = await deliverHubSpotEvents(hubUrl, [renameCompany(world.hubspot!.emulator, companyId, newName)], 10_000);
    expect(delivery.status, `signed HubSpot webhook while Xero hangs: answered ${delivery.status} in ${delivery.ms} ms ${delivery.error ?? delivery.body}`).toBe(200);
    expect(delivery.ms, 'webhook acknowledgement time (ms)').toBeLessThan(2_000);
    await waitUntil(
      'the webhook’s change applied to the HubSpot company while Xero hangs',
      () => (alive(), (readRecord(dataDir, 'hubspot', 'companies', companyId)?.raw.properties as Record<string, unknown> | undefined)?.name),
      (name) => name === newName,
      30_000,
    );

    // Polling goes on: an incremental QuickBooks run starts and succeeds after the hang began.
    await waitUntil(
      'a QuickBooks incremental run that succeeded after Xero started hanging',
      () => (alive(), syncRuns(dataDir).filter((r) => r.provider === 'quickbooks' && r.mode === 'incremental' && r.status === 'succeeded' && r.startedAt > hangStartedAt).length),
      (n) => n > 0,
      45_000,
    );
  });

  it('completes Xero once it answers again, with every record once', async () => {
    world.xero!.proxy.set('pass');
    const expected = world.expectedCounts();
    await waitUntil(
      'Xero backfilled after the proxy passes again',
      () => {
        alive();
        const xero = connections(dataDir).find((c) => c.provider === 'xero');
        if (xero && xero.status !== 'active') throw new StopWaiting(`the Xero connection was marked ${xero.status} (${xero.lastError}): a hang must be retried, not give up within a minute`);
        return backfillDone(dataDir, keysOf('xero'));
      },
      Boolean,
      90_000,
      500,
    );
    expect(countsOf(recordCounts(dataDir), ['xero', 'hubspot', 'quickbooks']), 'records per provider/object type vs the emulators').toEqual(countsOf(expected, ['xero', 'hubspot', 'quickbooks']));
    const dup = duplicationReport(dataDir, ['xero', 'quickbooks']);
    expect(dup, 'Xero/QuickBooks records stored or created twice').toEqual({ duplicateRecords: 0, createdTwice: 0, versionsAboveOne: 0 });
    expect(hub.exit, 'the hub process is still running').toBeNull();
  });
});

describe('a hung pull while the scheduler ticks', () => {
  let world: FaultWorld;
  let hub: HubProcess;
  const dataDir = makeDataDir();
  const alive = () => {
    if (hub.exit) throw new StopWaiting(`the hub process exited (${JSON.stringify(hub.exit)}) while HubSpot pulls hung and the scheduler ticked — it must never exit.\n${hub.tail()}`);
  };

  beforeAll(async () => {
    world = await startFaultWorld({ hubspot: {}, quickbooks: {} });
    // HubSpot hangs: each call is dropped after 5 s, so pulls fail and are retried while ticks enqueue new ones.
    world.hubspot!.proxy.set({ mode: 'hang', resetAfterMs: 5_000 });
    const port = await freePort();
    hub = startHubProcess('serve', {
      ...hubBaseEnv({ dataDir, port }),
      ...world.env,
      CLIENTHUB_PROVIDER_TIMEOUT_MS: '2000',
      CLIENTHUB_POLL_INTERVAL_SECONDS: '1',
      CLIENTHUB_JOB_MAX_ATTEMPTS: '25',
      // Two job slots: the tick's new pull stays queued behind another hung one until the first is retried.
      CLIENTHUB_WORKER_CONCURRENCY: '2',
    });
    await waitForServeReady(hub);
  });

  afterAll(async () => {
    await killAllHubs();
    await world?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('never exits (previously: UNIQUE constraint failed: jobs.dedupe_key), and completes once HubSpot answers', async () => {
    // Three scheduler ticks (every 15 s) with a 1 s poll interval: each enqueues HubSpot pulls while retried ones hang.
    const watchUntil = Date.now() + 35_000;
    await waitUntil('35 s of scheduler ticks with HubSpot hung', () => (alive(), Date.now()), (now) => now >= watchUntil, 45_000, 250);
    const held = world.hubspot!.proxy.stats.faults.hang;
    expect(held, 'HubSpot calls the proxy held: the pulls were tried and retried').toBeGreaterThan(4);
    const conflicts = hub.lines.filter((l) => JSON.stringify(l).includes('UNIQUE constraint failed'));
    expect(conflicts, 'jobs.dedupe_key conflicts the hub reported (a retried job met a queued duplicate)').toEqual([]);
    expect(hub.exit, 'the hub process is still running').toBeNull();

    world.hubspot!.proxy.set('pass');
    const keys = Object.keys(world.expectedCounts());
    await waitUntil(
      'HubSpot and QuickBooks backfilled after HubSpot answers again',
      () => {
        alive();
        const hubspot = connections(dataDir).find((c) => c.provider === 'hubspot');
        if (hubspot && hubspot.status !== 'active') throw new StopWaiting(`the HubSpot connection was marked ${hubspot.status} (${hubspot.lastError}): a hang must be retried`);
        return backfillDone(dataDir, keys);
      },
      Boolean,
      90_000,
      500,
    );
    expect(countsOf(recordCounts(dataDir), ['hubspot', 'quickbooks']), 'records per provider/object type vs the emulators').toEqual(countsOf(world.expectedCounts(), ['hubspot', 'quickbooks']));
    expect(duplicationReport(dataDir, ['hubspot', 'quickbooks']), 'records stored or created twice').toEqual({ duplicateRecords: 0, createdTwice: 0, versionsAboveOne: 0 });
  });
});
