/**
 * Backfill through providers that refuse every 7th call with their own 429 (HubSpot's RATE_LIMIT
 * body with Retry-After, Xero's X-Rate-Limit-Problem, Intuit's ThrottleExceeded with no Retry-After):
 * the hub, a real `serve` process, waits as each provider asks and finishes — no failed run, no
 * connection marked unhealthy, and exactly the emulators' records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { freePort } from '../support/free-port.js';
import { startFaultWorld, type FaultWorld } from './support/start-fault-world.js';
import { hubBaseEnv, killAllHubs, makeDataDir, startHubProcess, waitForServeReady, type HubProcess } from './support/start-hub-process.js';
import { backfillDone, connections, countsOf, duplicationReport, recordCounts, syncRuns } from './support/read-hub-database.js';
import { StopWaiting, waitUntil } from './support/wait-until.js';

const PROVIDERS = ['hubspot', 'xero', 'quickbooks'] as const;

describe('backfill through a provider that answers 429 on every 7th call', () => {
  let world: FaultWorld;
  let hub: HubProcess;
  const dataDir = makeDataDir();

  beforeAll(async () => {
    // Enough records that every provider makes well over 7 calls (Xero 100 a page, HubSpot 200 a page, QuickBooks 1 000:
    // its other entities take one call each, so the customers alone must page past the 7th call).
    world = await startFaultWorld({ hubspot: { generate: 400 }, xero: { extraContacts: 1200 }, quickbooks: { extraCustomers: 6100 } });
    for (const { proxy } of [world.hubspot!, world.xero!, world.quickbooks!]) proxy.set({ mode: '429', every: 7, retryAfterSeconds: 1 });
    const port = await freePort();
    hub = startHubProcess('serve', { ...hubBaseEnv({ dataDir, port }), ...world.env });
    await waitForServeReady(hub);
  });

  afterAll(async () => {
    await killAllHubs();
    await world?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('completes with 0 failed runs and every record once', async () => {
    const expected = world.expectedCounts();
    const keys = Object.keys(expected);
    // QuickBooks gives no Retry-After: Intuit says wait 60 s, so one refusal costs a minute.
    await waitUntil(
      'every object type of HubSpot, Xero and QuickBooks backfilled',
      () => {
        if (hub.exit) throw new StopWaiting(`the hub exited (${JSON.stringify(hub.exit)}):\n${hub.tail()}`);
        // A failed run is already the bug (a 429 must be waited out); an unhealthy connection is never polled again.
        const failed = syncRuns(dataDir).find((r) => r.status === 'failed');
        if (failed) throw new StopWaiting(`a sync run failed on a provider 429 instead of waiting it out (${failed.provider}/${failed.objectType}: ${failed.error})`);
        return backfillDone(dataDir, keys);
      },
      (done) => done,
      200_000,
      500,
    ).catch((error: Error) => {
      const runs = syncRuns(dataDir).map((r) => `${r.provider}/${r.objectType} ${r.mode} ${r.status}${r.error ? `: ${r.error}` : ''}`);
      throw new Error(`${error.message}\nSync runs:\n${runs.join('\n')}\nConnections: ${JSON.stringify(connections(dataDir))}`);
    });

    const refused = Object.fromEntries([world.hubspot!, world.xero!, world.quickbooks!].map(({ proxy }) => [proxy.provider, proxy.stats.faults['429']]));
    // The fault was really there: each provider refused at least one call.
    const stats = JSON.stringify(Object.fromEntries([world.hubspot!, world.xero!, world.quickbooks!].map(({ proxy }) => [proxy.provider, proxy.stats])));
    for (const provider of PROVIDERS) expect(refused[provider], `${provider} 429s served by the proxy (proxy stats: ${stats})`).toBeGreaterThan(0);

    const failed = syncRuns(dataDir).filter((r) => r.status === 'failed');
    expect(failed.map((r) => `${r.provider}/${r.objectType}: ${r.error}`), 'sync runs that failed on a 429 (a rate limit must be waited out, not failed)').toEqual([]);
    expect(connections(dataDir).filter((c) => c.status !== 'active').map((c) => `${c.provider} ${c.status}: ${c.lastError}`), 'connections marked unhealthy by 429s').toEqual([]);
    expect(countsOf(recordCounts(dataDir), PROVIDERS), 'records in the hub per provider/object type vs the emulators').toEqual(countsOf(expected, PROVIDERS));
    expect(duplicationReport(dataDir, PROVIDERS), 'records stored or applied twice').toEqual({ duplicateRecords: 0, createdTwice: 0, versionsAboveOne: 0 });
    expect(hub.exit, 'the hub process is still running').toBeNull();
  });
});
