/**
 * JobQueue.cancelConnectionJobs on both runners: the database-held one (a real SQLite file, or a
 * throw-away PostgreSQL database on the PostgreSQL pass) and BullMQ
 * (the real Redis on 127.0.0.1:6379, a queue name of this run's own). Waiting jobs of the
 * connection and the names asked for go; anything else stays and runs; a running one finishes.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { openDatabase } from '../db/open-database.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { closeDeliveryHandle, deliveryStoreOf } from '../db/delivery-handle.js';
import { createLogger } from '../logging/logger.js';
import { createInProcessQueue } from './in-process-queue.js';
import { createBullmqQueue } from './bullmq-queue.js';
import type { JobName, JobQueue } from './job-queue.js';
import { idleJobHandlers, waitFor } from '../../tests/support/job-test-kit.js';
import { openTestStore, TEST_ENGINE } from '../../tests/support/store-engines.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const DROPPED: readonly JobName[] = ['sync.pull', 'records.fetch', 'webhooks.maintain'];
const logger = createLogger('error', {}, () => {});
const queueNames: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

interface Runner {
  jobs: JobQueue;
  queueName?: string;
}

const RUNNERS: { kind: string; open(): Promise<Runner> }[] = [
  {
    kind: `in-process (${TEST_ENGINE})`,
    async open() {
      if (TEST_ENGINE === 'postgres') {
        const t = await openTestStore('postgres');
        const jobs = createInProcessQueue({ store: t.store, logger, workerId: 'test', lockMs: 60_000, maxAttempts: 2, concurrency: 4, timeoutMs: 600_000, perConnection: 2, pollMs: 20 });
        cleanups.push(async () => {
          await jobs.close();
          await t.cleanup();
        });
        return { jobs };
      }
      const dir = mkdtempSync(join(tmpdir(), 'clienthub-cancel-'));
      const db = openDatabase(join(dir, 'jobs.sqlite'));
      const store = openSqliteStore(db);
      const jobs = createInProcessQueue({ store, enqueueStore: () => deliveryStoreOf({ db, store }), logger, workerId: 'test', lockMs: 60_000, maxAttempts: 2, concurrency: 4, timeoutMs: 600_000, perConnection: 2, pollMs: 20 });
      cleanups.push(async () => {
        await jobs.close();
        closeDeliveryHandle(db);
        await store.close();
        db.close();
        rmSync(dir, { recursive: true, force: true });
      });
      return { jobs };
    },
  },
  {
    kind: 'BullMQ (Redis)',
    async open() {
      const queueName = `clienthub-cancel-${process.pid}-${Date.now()}-${queueNames.length}`;
      queueNames.push(queueName);
      const jobs = await createBullmqQueue({ redisUrl: REDIS_URL, queueName, logger, lockMs: 5_000, maxAttempts: 2, concurrency: 4, timeoutMs: 600_000, perConnection: 2 });
      cleanups.push(() => jobs.close());
      return { jobs, queueName };
    },
  },
];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

afterAll(async () => {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  for (const name of queueNames) {
    const queue = new Queue(name, { connection });
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    for (const key of await connection.keys(`bull:${name}:*`)) await connection.del(key);
  }
  connection.disconnect();
});

describe.each(RUNNERS)('cancelConnectionJobs, $kind runner', (runner) => {
  it("drops the connection's waiting and delayed jobs of those names, and nothing else", async () => {
    const { jobs } = await runner.open();
    await jobs.enqueue('sync.pull', { connectionId: 7, objectType: 'contacts', mode: 'incremental' }, { dedupeKey: 'pull:7:contacts' });
    await jobs.enqueue('sync.pull', { connectionId: 7, objectType: 'deals', mode: 'incremental' }, { dedupeKey: 'pull:7:deals', delayMs: 3_600_000 });
    await jobs.enqueue('records.fetch', { connectionId: 7, objectType: 'contacts', externalIds: ['1'] });
    await jobs.enqueue('webhook.process', { deliveryId: 41, connectionId: 7 });
    await jobs.enqueue('sync.pull', { connectionId: 8, objectType: 'contacts', mode: 'incremental' }, { dedupeKey: 'pull:8:contacts' });
    await jobs.enqueue('mail.deliver', {});
    expect(await jobs.isPending('pull:7:deals')).toBe(true);

    expect(await jobs.cancelConnectionJobs(7, DROPPED)).toBe(3);
    expect(await jobs.cancelConnectionJobs(7, DROPPED)).toBe(0);
    expect(await jobs.isPending('pull:7:contacts')).toBe(false);
    expect(await jobs.isPending('pull:7:deals')).toBe(false);
    expect(await jobs.isPending('pull:8:contacts')).toBe(true);

    const ran: string[] = [];
    const record = (name: string) => async (payload: object) => void ran.push(`${name} ${JSON.stringify(payload)}`);
    await jobs.startWorker(idleJobHandlers({ 'sync.pull': record('sync.pull'), 'records.fetch': record('records.fetch'), 'webhook.process': record('webhook.process'), 'mail.deliver': record('mail.deliver') }));
    await jobs.drain(20_000);
    expect(ran.sort()).toEqual([
      'mail.deliver {}',
      'sync.pull {"connectionId":8,"objectType":"contacts","mode":"incremental"}',
      'webhook.process {"deliveryId":41,"connectionId":7}',
    ]);
    // The key is free again: a reconnected account's pull is queued, not absorbed by a cancelled twin.
    expect(await jobs.enqueue('sync.pull', { connectionId: 7, objectType: 'contacts', mode: 'incremental' }, { dedupeKey: 'pull:7:contacts' })).not.toBeNull();
    await jobs.drain(20_000);
    expect(ran).toContain('sync.pull {"connectionId":7,"objectType":"contacts","mode":"incremental"}');
  });

  it('leaves a running job of the connection to finish', async () => {
    const { jobs } = await runner.open();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    let finished = false;
    await jobs.startWorker(
      idleJobHandlers({
        'sync.pull': async () => {
          started = true;
          await gate;
          finished = true;
        },
      }),
    );
    await jobs.enqueue('sync.pull', { connectionId: 7, objectType: 'contacts', mode: 'backfill' }, { dedupeKey: 'pull:7:contacts' });
    await waitFor(() => started, 'the pull started');
    expect(await jobs.cancelConnectionJobs(7, DROPPED)).toBe(0);
    expect(await jobs.isPending('pull:7:contacts')).toBe(true);
    release();
    await jobs.drain(20_000);
    expect(finished).toBe(true);
  });
});

describe('cancelConnectionJobs, BullMQ specifics', () => {
  it('reads past one page of waiting jobs (a webhook burst)', async () => {
    const { jobs } = await RUNNERS[1]!.open();
    const fetches = (connectionId: number) =>
      Array.from({ length: 700 }, (_, i) => jobs.enqueue('records.fetch', { connectionId, objectType: 'contacts', externalIds: [String(i)] }, i % 2 ? { delayMs: 3_600_000 } : {}));
    await Promise.all([...fetches(7), ...fetches(8)]);
    expect(await jobs.cancelConnectionJobs(7, DROPPED)).toBe(700);
    expect((await jobs.backlog!()).waiting).toBe(350);
    expect(await jobs.cancelConnectionJobs(8, DROPPED)).toBe(700);
  });


  it("removes the connection's job schedulers of those names, with their next runs, and keeps the others", async () => {
    const { jobs, queueName } = await RUNNERS[1]!.open();
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(queueName!, { connection });
    try {
      await queue.upsertJobScheduler('poll-7', { every: 600_000 }, { name: 'sync.pull', data: { connectionId: 7, objectType: 'contacts', mode: 'incremental' } });
      await queue.upsertJobScheduler('poll-8', { every: 600_000 }, { name: 'sync.pull', data: { connectionId: 8, objectType: 'contacts', mode: 'incremental' } });
      await queue.upsertJobScheduler('tick', { every: 600_000 }, { name: 'scheduler.tick', data: {} });
      await jobs.cancelConnectionJobs(7, DROPPED);
      expect((await queue.getJobSchedulers(0, -1)).map((s) => s.key).sort()).toEqual(['poll-8', 'tick']);
      const waiting = await queue.getJobs(['wait', 'delayed', 'prioritized', 'waiting-children'], 0, -1);
      expect(waiting.filter((job) => (job.data as { connectionId?: number }).connectionId === 7)).toEqual([]);
      expect(waiting.filter((job) => (job.data as { connectionId?: number }).connectionId === 8)).toHaveLength(1);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});
