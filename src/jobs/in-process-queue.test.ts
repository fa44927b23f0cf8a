/**
 * The database-held runner under faults: a job that hangs, twins of a running job's key,
 * bookkeeping that fails. A real SQLite file, or a throw-away PostgreSQL database on the PostgreSQL
 * pass (TEST_ENGINE); handlers are plain functions the test controls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/open-database.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { closeDeliveryHandle, deliveryStoreOf } from '../db/delivery-handle.js';
import type { Store } from '../store/store.js';
import { openTestStore, TEST_ENGINE } from '../../tests/support/store-engines.js';
import { sqlAll, sqlRun, sqlValue } from '../../tests/support/sql.js';
import { createLogger } from '../logging/logger.js';
import { createInProcessQueue } from './in-process-queue.js';
import type { JobQueue } from './job-queue.js';
import { ProviderError } from '../sync/sync-errors.js';
import { idleJobHandlers, waitFor } from '../../tests/support/job-test-kit.js';

interface Harness {
  store: Store;
  jobs: JobQueue;
  logs: { level: string; msg: string; fields: Record<string, unknown> }[];
}

const opened: { jobs: JobQueue; close(): Promise<void> }[] = [];

/**
 * The engine's store and the store enqueues go through: on SQLite a file of its own and the delivery
 * store over its second connection (as the app wires it); on PostgreSQL a throw-away database, whose
 * store takes the enqueues too.
 */
async function openEngine(): Promise<{ store: Store; enqueueStore: () => Store; close(): Promise<void> }> {
  if (TEST_ENGINE === 'postgres') {
    const t = await openTestStore('postgres');
    return { store: t.store, enqueueStore: () => t.store, close: () => t.cleanup() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'clienthub-jobs-'));
  const db: Db = openDatabase(join(dir, 'jobs.sqlite'));
  const store = openSqliteStore(db);
  return {
    store,
    enqueueStore: () => deliveryStoreOf({ db, store }),
    async close() {
      closeDeliveryHandle(db);
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function harness(options: { timeoutMs?: number; perConnection?: number; concurrency?: number } = {}): Promise<Harness> {
  const { store, enqueueStore, close } = await openEngine();
  const logs: Harness['logs'] = [];
  const logger = createLogger('debug', {}, (line) => {
    const { level, msg, ...fields } = JSON.parse(line) as { level: string; msg: string };
    logs.push({ level, msg, fields });
  });
  const jobs = createInProcessQueue({
    store,
    enqueueStore,
    logger,
    workerId: 'test-worker',
    lockMs: 60_000,
    maxAttempts: 3,
    concurrency: options.concurrency ?? 4,
    timeoutMs: options.timeoutMs ?? 600_000,
    perConnection: options.perConnection ?? 2,
    pollMs: 20,
  });
  opened.push({ jobs, close });
  return { store, jobs, logs };
}



const rows = (store: Store) =>
  sqlAll<{
    id: number;
    name: string;
    status: string;
    dedupeKey: string | null;
    attempts: number;
    lastError: string | null;
  }>(store, `SELECT id, name, status, dedupe_key AS "dedupeKey", attempts, last_error AS "lastError" FROM jobs ORDER BY id`);

/**
 * From now on, marking a job done fails the way a full or broken disk makes it fail: SQLite, a
 * temporary trigger on the store's connection; PostgreSQL, a trigger (and its function) on jobs.
 */
async function refuseMarkingDone(store: Store): Promise<void> {
  if (store.engine === 'sqlite') {
    await sqlRun(store, `CREATE TEMP TRIGGER refuse_done BEFORE UPDATE OF status ON jobs WHEN NEW.status = 'done' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    return;
  }
  await sqlRun(store, `CREATE FUNCTION refuse_done() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk I/O error'; END $$`);
  await sqlRun(store, `CREATE TRIGGER refuse_done BEFORE UPDATE OF status ON jobs FOR EACH ROW WHEN (NEW.status = 'done') EXECUTE FUNCTION refuse_done()`);
}

async function allowMarkingDone(store: Store): Promise<void> {
  await sqlRun(store, store.engine === 'sqlite' ? 'DROP TRIGGER refuse_done' : 'DROP TRIGGER refuse_done ON jobs');
}

afterEach(async () => {
  for (const { jobs, close } of opened.splice(0)) {
    await jobs.close();
    await close();
  }
});

/** Collects unhandled rejections while a test runs: a job's failure must never become one. */
async function withoutUnhandledRejections(run: () => Promise<void>): Promise<void> {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await run();
    // Rejections are reported after a turn of the event loop.
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  expect(unhandled).toEqual([]);
}

describe('in-process queue: dedupe keys of running jobs', () => {
  it('keeps a hung pull\'s twin waiting, merges the failed run\'s retry into it, and runs it after: no UNIQUE crash', async () => {
    const { store, jobs } = await harness();
    await withoutUnhandledRejections(async () => {
      const release: (() => void)[] = [];
      let started = 0;
      await jobs.startWorker(
        idleJobHandlers({
          'sync.pull': async () => {
            const run = ++started;
            // Hangs until the test lets go; the first run then fails the way a provider 503 does.
            await new Promise<void>((resolve) => release.push(resolve));
            if (run === 1) throw new ProviderError('HubSpot answered 503', true, 503);
          },
        }),
      );
      const key = { dedupeKey: 'pull:1:contacts' };
      await jobs.enqueue('sync.pull', { connectionId: 1, objectType: 'contacts', mode: 'incremental' }, key);
      await waitFor(() => started === 1, 'first pull started');
      // A change stream's pull for the same object while the first hangs: kept, to run afterwards.
      const twin = await jobs.enqueue('sync.pull', { connectionId: 1, objectType: 'contacts', mode: 'incremental' }, key);
      expect(twin).not.toBeNull();
      // The scheduler's poll while it hangs: nothing queued beside a running pull.
      expect(await jobs.enqueue('sync.pull', { connectionId: 1, objectType: 'contacts', mode: 'incremental' }, { ...key, skipIfRunning: true })).toBeNull();
      await new Promise((r) => setTimeout(r, 100));
      expect(started).toBe(1);
      release.shift()!();
      await waitFor(() => started === 2, 'the waiting twin started after the first run failed');
      const first = (await rows(store))[0]!;
      expect(first.status).toBe('done');
      expect(first.lastError).toMatch(/HubSpot answered 503; merged into waiting job/);
      release.shift()!();
      await jobs.drain(10_000);
      expect((await rows(store)).map((row) => row.status)).toEqual(['done', 'done']);
    });
  });

  it('recovers a database where two runs of one key were left running by dead workers (the old dedupe allowed it)', async () => {
    const { store, jobs } = await harness();
    // Reproduces the reported crash's state: the old partial index covered queued jobs only.
    const past = Date.now() - 1000;
    const insert = (payload: string) =>
      sqlRun(
        store,
        `INSERT INTO jobs (name, payload, dedupe_key, connection_id, status, attempts, run_at, max_attempts, locked_by, locked_until, created_at)
         VALUES ('sync.pull', ?, 'pull:1:contacts', 1, 'running', 1, ?, 3, 'dead-worker', ?, ?)`,
        payload, past, past, past,
      );
    const payload = JSON.stringify({ connectionId: 1, objectType: 'contacts', mode: 'incremental' });
    await insert(payload);
    await insert(payload);
    await withoutUnhandledRejections(async () => {
      let ran = 0;
      await jobs.startWorker(idleJobHandlers({ 'sync.pull': async () => void ran++ }));
      await jobs.drain(10_000);
      expect(ran).toBe(1);
      expect((await rows(store)).map((row) => row.status)).toEqual(['done', 'done']);
      expect((await rows(store))[1]!.lastError).toMatch(/merged/);
    });
  });

  it('survives bookkeeping that fails: the error is logged and the worker keeps running jobs', async () => {
    const { store, jobs, logs } = await harness();
    await withoutUnhandledRejections(async () => {
      let mail = 0;
      await jobs.startWorker(
        idleJobHandlers({
          'mail.deliver': async () => {
            mail++;
            // The write that marks it done fails the way a full or broken disk makes it fail.
            if (mail === 1) await refuseMarkingDone(store);
          },
        }),
      );
      await jobs.enqueue('mail.deliver', {});
      await waitFor(() => logs.some((l) => l.msg === 'job runner: marking a job done failed'), 'bookkeeping failure logged');
      await allowMarkingDone(store);
      await jobs.enqueue('links.resolve', {});
      await waitFor(async () => (await rows(store)).some((row) => row.name === 'links.resolve' && row.status === 'done'), 'a later job done');
    });
  });
});

describe('in-process queue: maximum run time and per-connection slots', () => {
  it('abandons a job past CLIENTHUB_JOB_TIMEOUT_MS: its signal aborts, it fails retryably and frees its slot', async () => {
    const { store, jobs } = await harness({ timeoutMs: 300, concurrency: 1 });
    await withoutUnhandledRejections(async () => {
      const signals: AbortSignal[] = [];
      let mailed = false;
      await jobs.startWorker(
        idleJobHandlers({
          // Never settles, as a request to a provider that holds the connection open.
          'sync.pull': async (_payload, job) => {
            signals.push(job.signal!);
            await new Promise<void>(() => {});
          },
          'mail.deliver': async () => void (mailed = true),
        }),
      );
      await jobs.enqueue('sync.pull', { connectionId: 1, objectType: 'contacts', mode: 'incremental' }, { dedupeKey: 'pull:1:contacts' });
      await waitFor(() => signals.length === 1, 'pull started');
      await jobs.enqueue('mail.deliver', {});
      // The only slot is freed by the timeout, so mail runs.
      await waitFor(() => mailed, 'mail ran after the hung pull was abandoned');
      expect(signals[0]!.aborted).toBe(true);
      expect(String(signals[0]!.reason)).toMatch(/longer than 300 ms/);
      const pull = (await rows(store))[0]!;
      expect(pull.lastError).toMatch(/CLIENTHUB_JOB_TIMEOUT_MS/);
      expect(['queued', 'running']).toContain(pull.status);
    });
  });

  it('runs at most CLIENTHUB_JOBS_PER_CONNECTION jobs of one connection: a hung connection does not block another', async () => {
    const { store, jobs } = await harness({ perConnection: 2, concurrency: 4 });
    await withoutUnhandledRejections(async () => {
      const hungStarted: number[] = [];
      const done: string[] = [];
      const letGo: (() => void)[] = [];
      await jobs.startWorker(
        idleJobHandlers({
          'records.fetch': async ({ connectionId, externalIds }) => {
            if (connectionId === 1) {
              hungStarted.push(Number(externalIds[0]));
              await new Promise<void>((resolve) => letGo.push(resolve));
            }
            done.push(`${connectionId}:${externalIds[0]}`);
          },
          'mail.deliver': async () => void done.push('mail'),
        }),
      );
      for (let i = 0; i < 5; i++) await jobs.enqueue('records.fetch', { connectionId: 1, objectType: 'contacts', externalIds: [String(i)] });
      await waitFor(() => hungStarted.length === 2, 'two of the hung connection\'s jobs started');
      for (let i = 0; i < 3; i++) await jobs.enqueue('records.fetch', { connectionId: 2, objectType: 'contacts', externalIds: [String(i)] });
      await jobs.enqueue('mail.deliver', {});
      await waitFor(() => done.filter((d) => d.startsWith('2:')).length === 3 && done.includes('mail'), 'the other connection and mail ran');
      expect(hungStarted).toHaveLength(2);
      expect(await sqlValue(store, `SELECT COUNT(*) AS n FROM jobs WHERE status = 'running' AND connection_id = 1`)).toBe(2);
      while (letGo.length < 5) {
        letGo.forEach((go) => go());
        await new Promise((r) => setTimeout(r, 20));
      }
      letGo.forEach((go) => go());
      await jobs.drain(10_000);
      expect(done.filter((d) => d.startsWith('1:'))).toHaveLength(5);
    });
  });

  it('leaves one slot free for housekeeping when connection jobs could fill them all', async () => {
    const { jobs } = await harness({ perConnection: 2, concurrency: 2 });
    await withoutUnhandledRejections(async () => {
      const letGo: (() => void)[] = [];
      let ticked = false;
      await jobs.startWorker(
        idleJobHandlers({
          'records.fetch': () => new Promise<void>((resolve) => letGo.push(resolve)),
          'scheduler.tick': async () => void (ticked = true),
        }),
      );
      await jobs.enqueue('records.fetch', { connectionId: 1, objectType: 'contacts', externalIds: ['1'] });
      await jobs.enqueue('records.fetch', { connectionId: 2, objectType: 'contacts', externalIds: ['1'] });
      await waitFor(() => letGo.length === 1, 'one connection job started');
      await new Promise((r) => setTimeout(r, 100));
      expect(letGo).toHaveLength(1);
      await jobs.enqueue('scheduler.tick', {});
      await waitFor(() => ticked, 'the scheduler tick ran while a connection job hangs');
      letGo.shift()!();
      await waitFor(() => letGo.length === 1, 'the second connection job started once the first ended');
      letGo.shift()!();
      await jobs.drain(10_000);
    });
  });
});

describe('in-process queue: isPending (what `clienthub sync --wait` waits for)', () => {
  it('counts a retry scheduled for later as pending after drain returns, and not once it has run', async () => {
    const { jobs } = await harness();
    let runs = 0;
    await jobs.startWorker(
      idleJobHandlers({
        'sync.pull': async () => {
          runs++;
          // Retryable: the runner schedules the next attempt after its backoff (about a second).
          if (runs === 1) throw new ProviderError('HubSpot answered 503', true, 503);
        },
      }),
    );
    expect(await jobs.isPending('pull:4:deals')).toBe(false);
    await jobs.enqueue('sync.pull', { connectionId: 4, objectType: 'deals', mode: 'incremental' }, { dedupeKey: 'pull:4:deals', skipIfRunning: true });
    await waitFor(() => runs === 1, 'first attempt ran');
    await jobs.drain(10_000);
    expect(runs).toBe(1);
    expect(await jobs.isPending('pull:4:deals')).toBe(true);
    await waitFor(() => runs === 2, 'the retry ran', 20_000);
    await jobs.drain(10_000);
    expect(await jobs.isPending('pull:4:deals')).toBe(false);
  }, 30_000);
});
