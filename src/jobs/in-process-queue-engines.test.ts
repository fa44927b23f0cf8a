/**
 * The in-process queue on both storage engines (issue 15), with two queue instances on one store
 * standing for two processes (on PostgreSQL each claim takes its own pooled connection, so the
 * two really race): every job runs once, per-connection slots hold across both, a dead worker's
 * job is taken over, and a dedupe twin is absorbed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../tests/support/store-engines.js';
import { createLogger } from '../logging/logger.js';
import { createInProcessQueue } from './in-process-queue.js';
import type { JobInfo, JobQueue } from './job-queue.js';
import { idleJobHandlers, waitFor } from '../../tests/support/job-test-kit.js';
import { ProviderError, RateLimitError } from '../sync/sync-errors.js';

const PER_CONNECTION = 2;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(STORE_ENGINES)('in-process queue on %s: two processes on one store', (engine) => {
  let t: TestStore;
  const logs: { level: string; msg: string }[] = [];

  const open = async (timeoutMs = 600_000) => {
    t = await openTestStore(engine);
    cleanups.push(() => t.cleanup());
    const queue = (workerId: string): JobQueue => {
      const logger = createLogger('warn', {}, (line) => logs.push(JSON.parse(line) as { level: string; msg: string }));
      const jobs = createInProcessQueue({ store: t.store, logger, workerId, lockMs: 60_000, maxAttempts: 3, concurrency: 4, timeoutMs, perConnection: PER_CONNECTION, pollMs: 20 });
      cleanups.push(() => jobs.close());
      return jobs;
    };
    return [queue('process-a'), queue('process-b')] as const;
  };

  it('runs 50 jobs claimed concurrently exactly once, within per-connection slots across both, taking over a dead worker\'s job', async () => {
    const [a, b] = await open();
    // A job a dead worker left running: its lock expired a second ago.
    const past = Date.now() - 1000;
    const dead = await t.store.db
      .insertInto('jobs')
      .values({ name: 'records.fetch', payload: JSON.stringify({ connectionId: 1, objectType: 'contacts', externalIds: ['dead'] }), connection_id: 1, status: 'running', attempts: 1, run_at: past, max_attempts: 3, locked_by: 'dead-worker', locked_until: past, created_at: past })
      .returning('id')
      .executeTakeFirstOrThrow();

    const runs = new Map<string, { by: string; attempt: number }[]>();
    const active = new Map<number, number>();
    let mostActive = 0;
    const handlersOf = (by: string) =>
      idleJobHandlers({
        'records.fetch': async ({ connectionId, externalIds }, job: JobInfo) => {
          const now = (active.get(connectionId) ?? 0) + 1;
          active.set(connectionId, now);
          mostActive = Math.max(mostActive, now);
          runs.set(externalIds[0]!, [...(runs.get(externalIds[0]!) ?? []), { by, attempt: job.attempt }]);
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 25));
          active.set(connectionId, active.get(connectionId)! - 1);
        },
        'webhook.process': async ({ deliveryId }, job: JobInfo) => {
          runs.set(`delivery:${deliveryId}`, [...(runs.get(`delivery:${deliveryId}`) ?? []), { by, attempt: job.attempt }]);
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 10));
        },
      });
    await Promise.all([a.startWorker(handlersOf('process-a')), b.startWorker(handlersOf('process-b'))]);

    // 40 fetches over four connections and 10 jobs of no connection, queued by both at once while both work.
    const ids = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const by = i % 2 ? a : b;
        return i < 40
          ? by.enqueue('records.fetch', { connectionId: (i % 4) + 1, objectType: 'contacts', externalIds: [String(i)] })
          : by.enqueue('webhook.process', { deliveryId: i });
      }),
    );
    expect(new Set(ids).size).toBe(50);
    expect(ids.every((id) => id !== null)).toBe(true);
    await waitFor(async () => runs.size === 51, 'all 51 jobs ran');
    await Promise.all([a.drain(20_000), b.drain(20_000)]);

    for (const [key, ran] of runs) expect(ran, `job ${key}`).toHaveLength(1);
    expect(runs.get('dead')).toEqual([{ by: expect.any(String), attempt: 2 }]);
    expect(mostActive).toBeLessThanOrEqual(PER_CONNECTION);
    const by = [...runs.values()].map(([run]) => run!.by);
    expect(by).toContain('process-a');
    expect(by).toContain('process-b');
    const rows = await t.store.db.selectFrom('jobs').select(['id', 'status', 'attempts']).execute();
    expect(rows).toHaveLength(51);
    expect(rows.every((row) => row.status === 'done')).toBe(true);
    expect(rows.find((row) => row.id === dead.id)?.attempts).toBe(2);
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('absorbs dedupe twins queued by both processes at once, and runs the job once', async () => {
    const [a, b] = await open();
    const key = { dedupeKey: 'pull:9:deals' };
    const payload = { connectionId: 9, objectType: 'deals', mode: 'incremental' } as const;
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).enqueue('sync.pull', payload, key)));
    expect(ids.filter((id) => id !== null)).toHaveLength(1);
    expect(await b.isPending('pull:9:deals')).toBe(true);

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let pulls = 0;
    const handlers = idleJobHandlers({
      'sync.pull': async () => {
        pulls++;
        await gate;
      },
    });
    await Promise.all([a.startWorker(handlers), b.startWorker(handlers)]);
    await waitFor(() => pulls === 1, 'the pull started');
    // While it runs: the scheduler's poll is a no-op in either process; a change's pull waits as one twin.
    expect(await a.enqueue('sync.pull', payload, { ...key, skipIfRunning: true })).toBeNull();
    expect(await b.enqueue('sync.pull', payload, { ...key, skipIfRunning: true })).toBeNull();
    const twins = await Promise.all([a.enqueue('sync.pull', payload, key), b.enqueue('sync.pull', payload, key)]);
    expect(twins.filter((id) => id !== null)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(pulls).toBe(1);
    release();
    await waitFor(() => pulls === 2, 'the waiting twin ran after the first');
    await Promise.all([a.drain(20_000), b.drain(20_000)]);
    expect(pulls).toBe(2);
    expect(await a.isPending('pull:9:deals')).toBe(false);
    expect(await a.backlog!()).toEqual({ waiting: 0, running: 0, oldestWaitingSince: null });
  });

  it('retries with backoff, merges a failed run into its waiting twin, fails for good, and abandons a hung job', async () => {
    const [a, b] = await open(300);
    const attempts: string[] = [];
    const failures: string[] = [];
    let letTwinGo!: () => void;
    const twinGate = new Promise<void>((resolve) => (letTwinGo = resolve));
    const handlers = idleJobHandlers({
      'records.fetch': async ({ externalIds }, job) => {
        attempts.push(`${externalIds[0]}#${job.attempt}`);
        // Throttled once (a short Retry-After), then it goes through.
        if (externalIds[0] === 'throttled' && job.attempt === 1) throw new RateLimitError('429', 50);
        if (externalIds[0] === 'forbidden') throw new ProviderError('403 forbidden', false, 403);
      },
      'sync.pull': async (_payload, job) => {
        attempts.push(`pull#${job.attempt}`);
        if (attempts.filter((x) => x.startsWith('pull')).length === 1) {
          await twinGate;
          throw new ProviderError('503', true, 503);
        }
      },
      // Never settles: abandoned after 300 ms.
      'conversations.refresh': () => new Promise<void>(() => {}),
    });
    const hooks = { onFailed: (job: { name: string }, _payload: unknown, error: Error) => void failures.push(`${job.name}: ${error.message}`) };
    await Promise.all([a.startWorker(handlers, hooks), b.startWorker(handlers, hooks)]);
    await a.enqueue('records.fetch', { connectionId: 1, objectType: 'contacts', externalIds: ['throttled'] });
    await b.enqueue('records.fetch', { connectionId: 1, objectType: 'contacts', externalIds: ['forbidden'] });
    const pull = { connectionId: 2, objectType: 'deals', mode: 'incremental' } as const;
    await a.enqueue('sync.pull', pull, { dedupeKey: 'pull:2:deals' });
    await waitFor(() => attempts.includes('pull#1'), 'the first pull started');
    expect(await b.enqueue('sync.pull', pull, { dedupeKey: 'pull:2:deals' })).not.toBeNull();
    letTwinGo();
    await b.enqueue('conversations.refresh', { connectionId: 3, projectExternalId: 'p1' });
    await waitFor(() => attempts.includes('throttled#2') && attempts.filter((x) => x.startsWith('pull')).length === 2, 'the retry and the twin ran');
    await waitFor(async () => {
      const row = await t.store.db.selectFrom('jobs').select(['status', 'last_error']).where('name', '=', 'conversations.refresh').executeTakeFirstOrThrow();
      return row.last_error !== null && /CLIENTHUB_JOB_TIMEOUT_MS/.test(row.last_error);
    }, 'the hung job was abandoned');
    await Promise.all([a.cancelConnectionJobs(3, ['conversations.refresh']), b.cancelConnectionJobs(3, ['conversations.refresh'])]);
    await Promise.all([a.drain(20_000), b.drain(20_000)]);

    expect(attempts.filter((x) => x.startsWith('throttled'))).toEqual(['throttled#1', 'throttled#2']);
    expect(attempts.filter((x) => x.startsWith('forbidden'))).toEqual(['forbidden#1']);
    expect(failures).toEqual(['records.fetch: 403 forbidden']);
    const pulls = await t.store.db.selectFrom('jobs').select(['status', 'last_error']).where('name', '=', 'sync.pull').orderBy('id').execute();
    expect(pulls).toEqual([
      { status: 'done', last_error: expect.stringMatching(/^503; merged into waiting job \d+$/) },
      { status: 'done', last_error: null },
    ]);
  });
});
