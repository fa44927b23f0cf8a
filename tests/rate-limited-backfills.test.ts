/**
 * "A 429 can answer any call": a backfill through each connector against its emulator, with the
 * provider's own rate-limit answer on every 7th API call, ends with no failed run and exactly the
 * records a backfill without 429s stores. Both backfills read the same emulator store (two emulators
 * serving one store), so "complete" is checked against the provider's data, not a hard-coded count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/create-test-app.js';
import { runPull } from '../src/sync/run-pull.js';
import { createLogger, type Logger } from '../src/logging/logger.js';
import { asanaWorld, hubspotWorld, quickBooksWorld, salesforceWorld, stripeWorld, xeroWorld, type World } from './support/provider-worlds.js';
import { sqlAll, sqlRun, sqlValue } from './support/sql.js';

const EVERY = 7;

/** A logger that keeps the hub's "waiting in place" lines, to prove 429s were met and waited out. */
function recordingLogger(lines: string[]): Logger {
  return createLogger('debug', {}, (line) => void lines.push(line));
}

interface Backfill {
  runs: { status: string; error: string | null }[];
  records: { objectType: string; externalId: string; deleted: number; data: string }[];
  waitsInPlace: number;
}

const apps: TestApp[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.dispose();
  for (const close of closers.splice(0)) await close();
});

/**
 * Every object type of the provider's connection, in pull order, as the scheduler's first backfill
 * does, `rounds` times over (full resyncs): some connectors need fewer than 7 calls for one pass.
 */
async function backfill(world: World, rateLimitEvery: number | undefined, rounds: number): Promise<Backfill> {
  const { url, env, close } = await world.start(rateLimitEvery);
  closers.push(close);
  const lines: string[] = [];
  const app = await createTestApp(env, { logger: recordingLogger(lines) });
  apps.push(app);
  const connectionId = (await sqlValue<number>(app, 'SELECT id FROM connections WHERE provider = ?', world.provider))!;
  const types = [...app.connectors.get(world.provider).objectTypes].sort((a, b) => a.order - b.order).map((t) => t.objectType);
  for (let round = 0; round < rounds; round++) {
    // A failed run throws here, and so would one paused by a long limit: both are counted from sync_runs.
    for (const type of types) await runPull(app, connectionId, type, 'backfill').catch(() => undefined);
  }
  return {
    runs: await sqlAll<Backfill['runs'][number]>(app, 'SELECT status, error FROM sync_runs ORDER BY id'),
    // Stored records as the portal reads them; links the emulator wrote with its own address are made comparable.
    records: (await sqlAll<Backfill['records'][number]>(app, 'SELECT object_type AS "objectType", external_id AS "externalId", deleted, data FROM records ORDER BY object_type, external_id')).map(
      (record) => ({ ...record, data: record.data.replaceAll(url, '<emulator>') }),
    ),
    waitsInPlace: lines.filter((line) => line.includes('rate limit: waiting in place')).length,
  };
}

describe(`backfills with the provider's rate-limit answer on every ${EVERY}th call`, () => {
  const worlds: [string, () => World][] = [
    ['Xero', xeroWorld],
    ['QuickBooks', quickBooksWorld],
    ['HubSpot', hubspotWorld],
    ['Salesforce', salesforceWorld],
    ['Stripe', stripeWorld],
    ['Asana', asanaWorld],
  ];
  it.each(worlds)('%s: no failed run, and the same records as without 429s', async (_name, makeWorld) => {
    const world = makeWorld();
    const clean = await backfill(world, undefined, 1);
    const limited = await backfill(world, EVERY, 3);
    expect(clean.runs.every((run) => run.status === 'succeeded')).toBe(true);
    expect(clean.records.length).toBeGreaterThan(50);
    // The 429s were met, and waited out in place.
    expect(limited.waitsInPlace).toBeGreaterThanOrEqual(2);
    expect(limited.runs.filter((run) => run.status !== 'succeeded')).toEqual([]);
    expect(limited.records).toEqual(clean.records);
  });
});

describe('a rate limit waited out in place for longer than the sync lease', () => {
  it('keeps the lease: no other worker can take the run over mid-wait, and the run succeeds', async () => {
    const { XeroEmulatorStore } = await import('../connectors/xero/emulator/xero-emulator-store.js');
    const { startXeroEmulator } = await import('../connectors/xero/emulator/start-xero-emulator.js');
    const { xeroHubEnv } = await import('../connectors/xero/emulator/hub-env.js');
    const store = new XeroEmulatorStore();
    store.seedDemo();
    const emulator = await startXeroEmulator({ store, limits: null });
    closers.push(() => emulator.close());
    // Lease: 2 × 100 ms; Xero asks for a 1 s pause, waited out for real.
    const app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...xeroHubEnv(emulator, 'key'), CLIENTHUB_JOB_LOCK_MS: '100' }, { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
    apps.push(app);
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'xero'`))!;
    emulator.limiter.force('minute', 1, 1);
    const pull = runPull(app, connectionId, 'Contact', 'backfill');
    // Another worker tries to take the stream the way runPull does, well after the lease would have lapsed unrenewed.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const now = Date.now();
    const { changes: taken } = await sqlRun(
      app,
      `UPDATE sync_cursors SET lease_owner = 'other-worker', lease_until = ? WHERE connection_id = ? AND object_type = 'Contact' AND (lease_owner IS NULL OR lease_until < ?)`,
      now + 200, connectionId, now,
    );
    await pull;
    expect(taken).toBe(0);
    expect(await sqlAll(app, 'SELECT status FROM sync_runs')).toEqual([{ status: 'succeeded' }]);
  });
});
