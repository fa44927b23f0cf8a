/**
 * /healthz and /readyz against a real app: the database closed and reopened, a Redis of the
 * test's own stopped and started again (never the shared one), connections unhealthy or stale.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHttpApp } from '../src/http/create-http-app.js';
import { openDatabase } from '../src/db/open-database.js';
import { openSqliteStore } from '../src/store/sqlite/open-sqlite-store.js';
import { updateConnectionStatus } from '../src/store/connections/update-connection-status.js';
import { createTestApp, hubspotConnectionId, type TestApp } from './support/create-test-app.js';
import { startOwnRedis, type OwnRedis } from './support/start-redis.js';
import { checkReadiness, type Readiness } from '../src/ops/check-readiness.js';
import { createThrowAwayPostgres } from './support/store-engines.js';
import { openPostgresStore } from '../src/store/postgres/open-postgres-store.js';
import { sqlRun } from './support/sql.js';

const servers: Server[] = [];
const apps: TestApp[] = [];
let redis: OwnRedis | undefined;

async function serve(app: TestApp): Promise<string> {
  const server = createHttpApp(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readyz(base: string): Promise<{ status: number; body: Readiness }> {
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, body: (await res.json()) as Readiness };
}

/** The database goes away under the running app: SQLite's handle closed, or PostgreSQL's pool ended. */
async function closeDatabase(app: TestApp): Promise<void> {
  if (app.store.engine === 'sqlite') app.db.close();
  else await app.store.close();
}

/** The database is back: the SQLite file opened again, or a new pool on the same PostgreSQL database. */
async function reopenDatabase(app: TestApp): Promise<void> {
  if (app.store.engine === 'sqlite') {
    app.db = openDatabase(app.config.databaseFile);
    app.store = openSqliteStore(app.db);
  } else app.store = await openPostgresStore(app.config.databaseUrl!, { poolSize: app.config.databasePoolSize });
}

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  for (const app of apps.splice(0)) await app.dispose().catch(() => {});
});
afterAll(async () => {
  await redis?.stop();
});

describe('/healthz and /readyz', () => {
  it('is ready with the in-process queue, fails while the database is closed and recovers when it is back', async () => {
    const app = await createTestApp();
    apps.push(app);
    const base = await serve(app);
    const green = await readyz(base);
    expect(green.status).toBe(200);
    expect(green.body.status).toBe('ready');
    expect(green.body.checks.database.ok).toBe(true);
    expect(green.body.checks.queue).toMatchObject({ ok: true, kind: 'in-process' });
    expect(green.body.checks.connections).toEqual([expect.objectContaining({ provider: 'hubspot', state: 'active', stale: false, staleAfterSeconds: 900 })]);

    await closeDatabase(app);
    const red = await readyz(base);
    expect(red.status).toBe(503);
    expect(red.body.status).toBe('unavailable');
    expect(red.body.checks.database.ok).toBe(false);
    // Liveness is not readiness: the process itself still answers.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    await reopenDatabase(app);
    const again = await readyz(base);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('ready');
  });

  it('on PostgreSQL, probes through the store (a round trip, the probe row written and read back) and fails when the server is gone', async () => {
    const app = await createTestApp();
    apps.push(app);
    const database = await createThrowAwayPostgres();
    const store = await openPostgresStore(database.url);
    const appStore = app.store;
    app.store = store;
    try {
      const now = Date.now();
      const green = await checkReadiness(app, now);
      expect(green.checks.database).toEqual({ ok: true, engine: 'postgres' });
      expect(green.checks.queue).toMatchObject({ ok: true, kind: 'in-process', queued: 0 });
      expect(await store.db.selectFrom('ops_probe').selectAll().execute()).toEqual([{ id: 1, at: now }]);
      // The database dropped under the open pool (its connections terminated): unavailable, with the reason.
      await database.drop();
      const red = await checkReadiness(app);
      expect(red.status).toBe('unavailable');
      expect(red.checks.database).toMatchObject({ ok: false, engine: 'postgres', error: expect.any(String) });
    } finally {
      app.store = appStore;
      await store.close().catch(() => {});
      await database.drop().catch(() => {});
    }
  });

  it('degrades on a stale connection and fails when every connection is unhealthy', async () => {
    const app = await createTestApp({ CLIENTHUB_POLL_INTERVAL_SECONDS: '60' });
    apps.push(app);
    const base = await serve(app);
    const id = await hubspotConnectionId(app);
    // Last success 4 minutes ago with a 1-minute poll: three polls missed.
    await sqlRun(app, 'UPDATE connections SET last_success_at = ? WHERE id = ?', Date.now() - 240_000, id);
    const stale = await readyz(base);
    expect(stale.status).toBe(200);
    expect(stale.body.status).toBe('degraded');
    expect(stale.body.checks.connections[0]).toMatchObject({ stale: true, staleAfterSeconds: 180 });
    expect(stale.body.checks.connections[0]!.lastSuccessAgeSeconds).toBeGreaterThanOrEqual(240);

    await updateConnectionStatus(app.store.db, id, 'unhealthy');
    const red = await readyz(base);
    expect(red.status).toBe(503);
    expect(red.body.checks.connections[0]).toMatchObject({ state: 'unhealthy' });

    await sqlRun(app, `UPDATE connections SET status = 'active', last_success_at = ? WHERE id = ?`, Date.now(), id);
    const green = await readyz(base);
    expect(green.status).toBe(200);
    expect(green.body.status).toBe('ready');
  });

  it('fails while its Redis is down and recovers when it is back', async () => {
    redis = await startOwnRedis();
    const app = await createTestApp({ REDIS_URL: redis.url, CLIENTHUB_QUEUE_NAME: `readyz-${process.pid}` });
    apps.push(app);
    const base = await serve(app);
    const green = await readyz(base);
    expect(green.status).toBe(200);
    expect(green.body.checks.queue).toMatchObject({ ok: true, kind: 'bullmq' });

    await redis.stop();
    const red = await readyz(base);
    expect(red.status).toBe(503);
    expect(red.body.checks.queue.ok).toBe(false);
    expect(red.body.checks.database.ok).toBe(true);

    await redis.start();
    const again = await readyz(base);
    expect(again.status).toBe(200);
    expect(again.body.checks.queue.ok).toBe(true);
  });
});
