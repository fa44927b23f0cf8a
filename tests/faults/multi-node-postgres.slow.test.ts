/**
 * Many machines (issue 15): two `serve` processes with different data directories (as if on two
 * machines) and two `worker` processes share one PostgreSQL and one Redis. One worker is SIGKILLed
 * mid-backfill and the other completes it: every record exactly once. HubSpot's search allowance
 * (5 a second per account, enforced by the emulator) holds across all four processes, because the
 * pacing windows live in the database. A signed webhook lands on node A; the client reads the change
 * through node B.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { freePort } from '../support/free-port.js';
import { createThrowAwayPostgres } from '../support/store-engines.js';
import { PortalHttpClient } from '../support/portal-http-client.js';
import { startFaultWorld, type FaultWorld } from './support/start-fault-world.js';
import { startRedisServer, type RedisServer } from './support/start-redis-server.js';
import { hubBaseEnv, killAllHubs, makeDataDir, startHubProcess, waitForServeReady, waitForWorkerReady, type HubProcess } from './support/start-hub-process.js';
import { countsOf } from './support/read-hub-database.js';
import { duplicationReportIn, recordCountsIn, syncRunsIn } from './support/read-hub-postgres.js';
import { deliverHubSpotEvents } from './support/deliver-hubspot-change.js';
import { StopWaiting, waitUntil } from './support/wait-until.js';
import { mailedLinkTokens } from '../support/read-mailed-links.js';

describe('two web nodes and two workers on one PostgreSQL and one Redis', () => {
  let world: FaultWorld;
  let redis: RedisServer;
  let database: { url: string; drop(): Promise<void> };
  const dataDirs = [makeDataDir(), makeDataDir(), makeDataDir(), makeDataDir()];
  const nodes: { a?: HubProcess; b?: HubProcess; urlA?: string; urlB?: string } = {};
  const workers: HubProcess[] = [];

  beforeAll(async () => {
    world = await startFaultWorld({ hubspot: { generate: 600, documentedLimits: true } });
    // Every call a little slow: the backfill takes long enough to be interrupted.
    world.hubspot!.proxy.set({ mode: 'pass', delayMs: 500 });
    redis = await startRedisServer();
    database = await createThrowAwayPostgres();
    const shared = { ...world.env, DATABASE_URL: database.url, HUBSPOT_SEARCH_RPS: '4', CLIENTHUB_JOB_LOCK_MS: '3000', CLIENTHUB_POLL_INTERVAL_SECONDS: '3600' };
    const [portA, portB, portW1, portW2] = [await freePort(), await freePort(), await freePort(), await freePort()];
    // All four start at once against an empty database: the schema is created once, under the advisory lock.
    nodes.a = startHubProcess('serve', { ...hubBaseEnv({ dataDir: dataDirs[0]!, port: portA!, redisUrl: redis.url }), ...shared });
    nodes.b = startHubProcess('serve', { ...hubBaseEnv({ dataDir: dataDirs[1]!, port: portB!, redisUrl: redis.url }), ...shared });
    workers.push(startHubProcess('worker', { ...hubBaseEnv({ dataDir: dataDirs[2]!, port: portW1!, redisUrl: redis.url }), ...shared }));
    workers.push(startHubProcess('worker', { ...hubBaseEnv({ dataDir: dataDirs[3]!, port: portW2!, redisUrl: redis.url }), ...shared }));
    nodes.urlA = await waitForServeReady(nodes.a);
    nodes.urlB = await waitForServeReady(nodes.b);
    for (const worker of workers) await waitForWorkerReady(worker);
  }, 120_000);

  afterAll(async () => {
    await killAllHubs();
    await redis?.stop();
    await world?.close();
    await database?.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  const alive = () => {
    for (const hub of [nodes.a!, nodes.b!, workers[1]!]) if (hub.exit) throw new StopWaiting(`clienthub ${hub.command} exited (${JSON.stringify(hub.exit)}):\n${hub.tail()}`);
  };

  it('a worker SIGKILLed mid-backfill: the other completes it, every record once, the search allowance kept across processes', async () => {
    const expected = countsOf(world.expectedCounts(), ['hubspot']);
    await waitUntil(
      'part of the HubSpot contacts backfilled',
      async () => {
        alive();
        return (await recordCountsIn(database.url))['hubspot/contacts'] ?? 0;
      },
      (n) => n >= 300,
      120_000,
      200,
    );
    await workers[0]!.kill('SIGKILL');
    const atKill = await recordCountsIn(database.url);
    expect(atKill['hubspot/contacts'] ?? 0, `the kill came mid-backfill (${JSON.stringify(atKill)})`).toBeLessThan(expected['hubspot/contacts']!);

    await waitUntil(
      'the backfill completed by the surviving worker',
      async () => {
        alive();
        return countsOf(await recordCountsIn(database.url), ['hubspot']);
      },
      (counts) => JSON.stringify(counts) === JSON.stringify(expected),
      180_000,
      500,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\nExpected ${JSON.stringify(expected)}. Sync runs: ${JSON.stringify((await syncRunsIn(database.url)).map((r) => `${r.objectType} ${r.status}${r.error ? `: ${r.error}` : ''}`))}`);
    });
    expect(await duplicationReportIn(database.url, ['hubspot']), 'records stored, created or versioned twice').toEqual({ duplicateRecords: 0, createdTwice: 0, versionsAboveOne: 0 });
    expect((await syncRunsIn(database.url)).filter((r) => r.status === 'failed').map((r) => `${r.objectType}: ${r.error}`), 'failed sync runs').toEqual([]);

    // HubSpot's 5 searches a second per account, counted by the emulator over every process's calls.
    const searches = world.hubspot!.emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/search')).map((r) => r.at).sort((x, y) => x - y);
    let busiest = 0;
    for (let i = 0, j = 0; i < searches.length; i++) {
      while (searches[i]! - searches[j]! >= 1_000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    const total = Object.values(expected).reduce((sum, n) => sum + n, 0);
    console.info(`multi-node: ${total} HubSpot records, worker killed at ${atKill['hubspot/contacts'] ?? 0} of ${expected['hubspot/contacts']} contacts; ${searches.length} searches from 4 processes, at most ${busiest} in any second (HubSpot allows 5)`);
    expect(searches.length, 'the backfill searched').toBeGreaterThan(10);
    expect(busiest, 'most searches in any one second, all processes together').toBeLessThanOrEqual(5);
  });

  it('a webhook on node A wins a deal; its client reads it, and a later rename, through node B', async () => {
    const emulator = world.hubspot!.emulator;
    const deal = [...emulator.store.all('deals')].find((d) => d.properties.dealname === 'Website rebuild')!;
    const won = await deliverHubSpotEvents(nodes.urlA!, [emulator.store.moveDealToStage(deal.id, 'closedwon')]);
    expect(won.status, won.error ?? won.body).toBe(200);
    // The invitation mail, written by whichever worker delivered it, opened on node B (the portal's
    // address is the same on every node in production; here only the path is kept).
    const token = await waitUntil(
      'the won deal provisioned its client and a worker mailed the invitation',
      () => {
        alive();
        return mailedLinkTokens(dataDirs.slice(2))[0];
      },
      (found) => found !== undefined,
      60_000,
      250,
    );
    const onB = new PortalHttpClient(nodes.urlB!);
    const accepted = await onB.postForm('/auth/link', { token: token! });
    expect(accepted.status, accepted.text.slice(0, 500)).toBe(303);
    // The portal's home sends a client's user on to their client's page.
    const home = async () => {
      const first = await onB.get('/');
      return first.status === 303 && first.location ? onB.get(first.location) : first;
    };
    const dashboard = await home();
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('Website rebuild');

    emulator.store.update('deals', deal.id, { dealname: 'Website rebuild, phase 2' });
    const renamed = await deliverHubSpotEvents(nodes.urlA!, [emulator.store.propertyChangeEvent('deals', deal.id, 'dealname')]);
    expect(renamed.status).toBe(200);
    await waitUntil(
      'node B shows the renamed deal',
      async () => {
        alive();
        return (await home()).text;
      },
      (text) => text.includes('Website rebuild, phase 2'),
      60_000,
      250,
    );
  });
});
