/**
 * PostgreSQL lost while the hub runs (issue 15): a server of the test's own is stopped under a
 * `serve` and a `worker`. Meanwhile the portal answers a plain 503 page (never a stack trace),
 * readiness says the database is down, and a webhook is answered 503 with Retry-After (nothing is
 * stored, so nothing was acknowledged: the provider delivers again). Neither process exits. When
 * the server returns, everything resumes: the redelivered webhook is taken and its change applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { freePort } from '../support/free-port.js';
import { startFaultWorld, type FaultWorld } from './support/start-fault-world.js';
import { startRedisServer, type RedisServer } from './support/start-redis-server.js';
import { startPostgresCluster, type PostgresCluster } from './support/start-postgres-cluster.js';
import { hubBaseEnv, killAllHubs, makeDataDir, startHubProcess, waitForServeReady, waitForWorkerReady, type HubProcess } from './support/start-hub-process.js';
import { countsOf } from './support/read-hub-database.js';
import { queryIn, recordCountsIn } from './support/read-hub-postgres.js';
import { companyIds, deliverHubSpotEvents, renameCompany } from './support/deliver-hubspot-change.js';
import { StopWaiting, waitUntil } from './support/wait-until.js';

describe('PostgreSQL stopped under a running hub, then started again', () => {
  let world: FaultWorld;
  let redis: RedisServer;
  let cluster: PostgresCluster;
  let serve: HubProcess;
  let worker: HubProcess;
  let url: string;
  const dataDirs = [makeDataDir(), makeDataDir()];

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    world = await startFaultWorld({ hubspot: {} });
    redis = await startRedisServer();
    const shared = { ...world.env, DATABASE_URL: cluster.url, CLIENTHUB_JOB_LOCK_MS: '3000', CLIENTHUB_POLL_INTERVAL_SECONDS: '3600' };
    const port = await freePort();
    serve = startHubProcess('serve', { ...hubBaseEnv({ dataDir: dataDirs[0]!, port, redisUrl: redis.url }), ...shared });
    worker = startHubProcess('worker', { ...hubBaseEnv({ dataDir: dataDirs[1]!, port: await freePort(), redisUrl: redis.url }), ...shared });
    url = await waitForServeReady(serve);
    await waitForWorkerReady(worker);
  }, 120_000);

  afterAll(async () => {
    await killAllHubs();
    await redis?.stop();
    await world?.close();
    cluster?.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  const alive = () => {
    for (const hub of [serve, worker]) if (hub.exit) throw new StopWaiting(`clienthub ${hub.command} exited (${JSON.stringify(hub.exit)}):\n${hub.tail()}`);
  };
  // A session cookie the portal must look up in the database (it names no session: the sign-in page when up).
  const portalHome = () => fetch(`${url}/`, { headers: { cookie: `clienthub_session=${'S'.repeat(43)}` }, redirect: 'manual' });

  it('answers 503 while it is down, exits never, and resumes when it returns', async () => {
    const expected = countsOf(world.expectedCounts(), ['hubspot']);
    await waitUntil('the first backfill', async () => (alive(), countsOf(await recordCountsIn(cluster.url), ['hubspot'])), (c) => JSON.stringify(c) === JSON.stringify(expected), 120_000, 500);
    expect((await portalHome()).status).toBe(200);

    cluster.stop();
    const down = await portalHome();
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('30');
    const page = await down.text();
    expect(page).toContain('unavailable for a moment');
    expect(page).not.toMatch(/\bat \S+:\d+|\/src\/|ECONNREFUSED/);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    const companyId = companyIds(world.hubspot!.emulator)[0]!;
    const event = renameCompany(world.hubspot!.emulator, companyId, 'Renamed during the outage');
    const refused = await deliverHubSpotEvents(url, [event], 15_000);
    expect(refused.status, refused.error ?? refused.body).toBe(503);
    // Jobs and ticks meet the outage too; neither process ends.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    alive();

    cluster.start();
    await waitUntil('readiness once PostgreSQL is back', async () => (alive(), (await fetch(`${url}/readyz`)).status), (status) => status === 200, 60_000, 500);
    expect((await portalHome()).status).toBe(200);
    // The provider delivers again; this time it is stored, acknowledged and applied.
    const redelivered = await deliverHubSpotEvents(url, [event]);
    expect(redelivered.status, redelivered.error ?? redelivered.body).toBe(200);
    await waitUntil(
      'the redelivered change applied',
      async () => {
        alive();
        // records.data is jsonb (migration 24): this raw client has not the store's type parser, so ask for its text.
        const [row] = await queryIn<{ data: string }>(cluster.url, `SELECT data::text AS data FROM records WHERE provider = 'hubspot' AND object_type = 'companies' AND external_id = $1`, [companyId]);
        return row ? (JSON.parse(row.data) as { name?: string }).name : undefined;
      },
      (name) => name === 'Renamed during the outage',
      60_000,
      500,
    );
    alive();
  });
});
