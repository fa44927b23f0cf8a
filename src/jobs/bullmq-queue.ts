import { Queue, Worker, UnrecoverableError, DelayedError, type Job } from 'bullmq';
import type { Logger } from '../logging/logger.js';
import { connectionOfJob, type EnqueueOptions, type JobHandlers, type JobInfo, type JobName, type JobPayloads, type JobQueue, type JobSummary, type WorkerHooks } from './job-queue.js';
import { isRetryable, retryDelayMs } from './retry-policy.js';
import { runWithDeadline } from './run-with-deadline.js';
import { connectRedis, createRedisStateReporter, isConnectionError, waitForRedisAtStart, watchRedis } from './connect-redis.js';

/** A connection job that finds its connection's slots taken waits this long (plus jitter) before it is tried again. */
const SLOT_RETRY_MS = 1_000;
/** How long close() lets running jobs finish before it stops waiting for them. */
const CLOSE_GRACE_MS = 10_000;
/** Waiting jobs read per call when cancelling a connection's. */
const CANCEL_PAGE = 500;

/**
 * Takes one of a connection's slots for a job, or says the connection is at its limit. The slots are
 * a sorted set in Redis (holder → expiry), shared by every worker process; a holder that died
 * without letting go expires. Taking a slot the job already holds renews it.
 */
const ACQUIRE_SLOT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[4]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`;

/**
 * The scale-out runner: BullMQ on Redis. Any number of worker processes share one queue;
 * a job whose worker dies is detected by BullMQ's stalled-job check (lockMs) and handed
 * to another worker. Handlers are idempotent, so a retried job never applies twice.
 *
 * Under faults: a job past timeoutMs is abandoned (aborted, failed retryably); a connection's
 * jobs hold at most perConnection slots across all workers (Redis-held) and, in each worker,
 * connection jobs leave one slot for housekeeping; the tick's job scheduler is put back when
 * Redis comes back empty; an outage is logged once when it starts and once when it ends.
 * Redis unreachable at start is one sentence and a failed start (see waitForRedisAtStart).
 */
export async function createBullmqQueue(options: {
  redisUrl: string;
  queueName?: string;
  logger: Logger;
  lockMs: number;
  maxAttempts: number;
  concurrency: number;
  timeoutMs: number;
  perConnection: number;
  startTimeoutMs?: number;
}): Promise<JobQueue> {
  const queueName = options.queueName ?? 'clienthub';
  const { logger, lockMs, maxAttempts, concurrency, timeoutMs, perConnection } = options;
  const reporter = createRedisStateReporter(logger, options.redisUrl);
  const queueConnection = connectRedis(options.redisUrl);
  await waitForRedisAtStart(queueConnection, options.redisUrl, options.startTimeoutMs);
  watchRedis(queueConnection, reporter);
  const queue = new Queue(queueName, { connection: queueConnection });
  const queueError = (error: Error) => (isConnectionError(error) ? reporter.lost(error) : logger.error('job queue error', { error: error.message }));
  queue.on('error', queueError);
  let worker: Worker | undefined;
  let workerConnection: ReturnType<typeof connectRedis> | undefined;
  let schedulerEvery: number | undefined;
  let schedulerCheck: NodeJS.Timeout | undefined;
  // With one slot there is nothing to reserve; otherwise connection jobs leave one for the rest.
  const connectionSlots = concurrency > 1 ? concurrency - 1 : concurrency;
  let connectionJobsHere = 0;

  const slotKey = (connectionId: number) => `bull:${queueName}:clienthub:connection-slots:${connectionId}`;
  const takeSlot = async (connectionId: number, holder: string) => {
    const now = Date.now();
    const taken = await queueConnection.eval(ACQUIRE_SLOT, 1, slotKey(connectionId), now, now + lockMs * 2, holder, perConnection, lockMs * 4);
    return taken === 1;
  };
  const releaseSlot = (connectionId: number, holder: string) =>
    queueConnection.zrem(slotKey(connectionId), holder).catch((error: unknown) => reporter.lost(error));

  const summary = (job: Job): JobSummary => ({
    id: job.id ?? '?',
    name: job.name as JobName,
    attempt: job.attemptsMade + 1,
    maxAttempts: job.opts.attempts ?? maxAttempts,
  });

  /** Puts the tick's job scheduler back when it is missing (Redis restarted empty, or was flushed). */
  const ensureScheduler = async (why: 'start' | 'check') => {
    if (schedulerEvery === undefined) return;
    if (why === 'check' && (await queue.getJobScheduler('scheduler.tick'))) return;
    // A job scheduler is stored in Redis: however many processes call this, one tick runs per interval.
    await queue.upsertJobScheduler('scheduler.tick', { every: schedulerEvery }, { name: 'scheduler.tick', data: {} });
    if (why === 'check') logger.warn('scheduler was missing from Redis: re-established', { everyMs: schedulerEvery });
  };
  const checkScheduler = () =>
    ensureScheduler('check').catch((error: unknown) => (isConnectionError(error) ? reporter.lost(error) : logger.error('scheduler check failed', { error: String(error) })));
  queueConnection.on('ready', () => void checkScheduler());

  return {
    kind: 'bullmq',
    async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: EnqueueOptions = {}) {
      const job = await queue.add(name, payload, {
        attempts: maxAttempts,
        backoff: { type: 'clienthub' },
        delay: opts.delayMs,
        // One waiting job per key; a change that arrives while one runs gets its own run afterwards,
        // unless the caller asked for nothing beside a running job (the scheduler's polls).
        deduplication: opts.dedupeKey ? { id: opts.dedupeKey, keepLastIfActive: !opts.skipIfRunning } : undefined,
        removeOnComplete: { age: 3600, count: 5000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      });
      return job.id ?? null;
    },
    async startWorker(handlers: JobHandlers, hooks: WorkerHooks = {}) {
      workerConnection = connectRedis(options.redisUrl);
      watchRedis(workerConnection, reporter);
      worker = new Worker(
        queueName,
        async (job, token) => {
          const info = summary(job);
          const connectionId = connectionOfJob(job.data);
          const holder = String(job.id);
          if (connectionId != null) {
            // Counted before the await, so this worker's own concurrent jobs cannot all pass the check at once.
            connectionJobsHere++;
            const mayRun = connectionJobsHere <= connectionSlots && (await takeSlot(connectionId, holder).catch(() => false));
            if (!mayRun) {
              connectionJobsHere--;
              // Not a failure: the job waits its turn without using a slot (BullMQ's manual delay).
              await job.moveToDelayed(Date.now() + SLOT_RETRY_MS + Math.floor(Math.random() * SLOT_RETRY_MS), token);
              throw new DelayedError();
            }
          }
          const renew = connectionId != null ? setInterval(() => void takeSlot(connectionId, holder).catch(() => {}), lockMs / 2) : undefined;
          try {
            hooks.onStart?.(info);
            const handler = handlers[job.name as JobName] as ((p: unknown, j: JobInfo) => Promise<void>) | undefined;
            if (!handler) throw new UnrecoverableError(`No handler for job "${job.name}"`);
            try {
              await runWithDeadline(info, timeoutMs, (running) => handler(job.data, running));
            } catch (error) {
              if (!isRetryable(error)) throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
              throw error;
            }
          } finally {
            clearInterval(renew);
            if (connectionId != null) {
              connectionJobsHere--;
              void releaseSlot(connectionId, holder);
            }
          }
          try {
            hooks.onComplete?.(info);
          } catch (error) {
            logger.error('job runner: the completion hook failed', { job: job.name, jobId: job.id, error: String(error) });
          }
        },
        {
          connection: workerConnection,
          concurrency,
          lockDuration: lockMs,
          stalledInterval: lockMs,
          maxStalledCount: 3,
          settings: { backoffStrategy: (attemptsMade, _type, error) => retryDelayMs(attemptsMade, error) },
        },
      );
      worker.on('failed', (job, error) => {
        if (!job) return;
        // Bookkeeping around a job never ends the process: a hook that throws is logged.
        try {
          const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? maxAttempts);
          if (final) {
            logger.error('job failed for good', { job: job.name, jobId: job.id, attempt: job.attemptsMade, error: error.message });
            hooks.onFailed?.(summary(job), job.data, error);
          } else {
            logger.warn('job failed, will retry', { job: job.name, jobId: job.id, attempt: job.attemptsMade, error: error.message });
            hooks.onRetry?.(summary(job), error, retryDelayMs(job.attemptsMade, error));
          }
        } catch (hookError) {
          logger.error('job runner: a failure hook failed', { job: job.name, jobId: job.id, error: String(hookError) });
        }
      });
      const lostJobsReported = new Set<string>();
      worker.on('error', (error) => {
        if (isConnectionError(error)) return reporter.lost(error);
        // Redis forgot a running job (restarted without persistence, flushed): its work ran, its record is
        // gone; BullMQ says so once per bookkeeping step. One warning per job, not an error per step.
        const lost = /^Missing (?:key|lock) for job (\S+?)\.? /.exec(error.message);
        if (!lost) return logger.error('worker error', { error: error.message });
        if (lostJobsReported.has(lost[1]!)) return;
        if (lostJobsReported.size > 1000) lostJobsReported.clear();
        lostJobsReported.add(lost[1]!);
        logger.warn('Redis lost a running job\'s state (restarted empty or flushed): its work ran, its record is gone', { jobId: lost[1], error: error.message });
      });
      await worker.waitUntilReady();
    },
    async startScheduler(intervalMs) {
      schedulerEvery = intervalMs;
      await ensureScheduler('start');
      // Redis can lose it without this process seeing a reconnect (a FLUSHALL, a failover to an empty replica).
      schedulerCheck = setInterval(() => void checkScheduler(), intervalMs);
      schedulerCheck.unref();
    },
    async backlog() {
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'active');
      // The head of each list is its longest-waiting job (asc: oldest first).
      const heads = [...(await queue.getJobs(['wait'], 0, 0, true)), ...(await queue.getJobs(['prioritized'], 0, 0, true))];
      const since = heads.map((job) => job.timestamp + (job.delay ?? 0)).filter((t) => Number.isFinite(t));
      return { waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), running: counts.active ?? 0, oldestWaitingSince: since.length ? Math.min(...since) : null };
    },
    async isPending(dedupeKey: string) {
      const jobId = await queue.getDeduplicationJobId(dedupeKey);
      if (!jobId) return false;
      // Delayed covers a retry waiting out its backoff: it is still this sync's work.
      return ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'].includes(await queue.getJobState(jobId));
    },
    async cancelConnectionJobs(connectionId, names) {
      const ofConnection = (name: string, data: unknown) => (names as readonly string[]).includes(name) && connectionOfJob(data) === connectionId;
      // Schedulers first, so none of them adds a job of this connection behind the sweep.
      const schedulers = await queue.getJobSchedulers(0, -1);
      for (const scheduler of schedulers) {
        if (ofConnection(scheduler.name, scheduler.template?.data)) await queue.removeJobScheduler(scheduler.key);
      }
      // Waiting in any form: due, delayed (a later run, a retry's backoff, a wait for a connection slot), prioritized.
      // Read a page at a time (a webhook burst can leave thousands waiting), removed once all are read.
      const ids: string[] = [];
      for (const state of ['wait', 'delayed', 'prioritized', 'waiting-children'] as const) {
        for (let start = 0; ; start += CANCEL_PAGE) {
          const page = await queue.getJobs(state, start, start + CANCEL_PAGE - 1, true);
          for (const job of page) if (job.id && ofConnection(job.name, job.data)) ids.push(job.id);
          if (page.length < CANCEL_PAGE) break;
        }
      }
      let cancelled = 0;
      // 0: gone meanwhile, or a worker took it (locked): a running job is left to finish.
      for (const id of ids) if ((await queue.remove(id)) === 1) cancelled++;
      return cancelled;
    },
    async drain(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const counts: Record<string, number> = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
        // Jobs put back briefly for a connection slot (or a short retry) are still pending work; the tick's
        // scheduled next run ('repeat:' ids) and later delays are not. Delayed scores are timestamp × 4096.
        const dueSoon = await queueConnection.zrangebyscore(`bull:${queueName}:delayed`, 0, (Date.now() + 5_000) * 0x1000);
        counts.delayedSoon = dueSoon.filter((id) => !id.startsWith('repeat:')).length;
        if (Object.values(counts).every((n) => n === 0)) return;
        if (Date.now() > deadline) throw new Error(`Jobs still pending after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      clearInterval(schedulerCheck);
      schedulerEvery = undefined;
      // Running jobs may finish; a hung one (or a Redis that is down) does not hold the shutdown.
      let grace: NodeJS.Timeout | undefined;
      const closing = Promise.all([worker?.close(), queue.close()]).catch(() => {});
      await Promise.race([closing, new Promise((r) => (grace = setTimeout(r, CLOSE_GRACE_MS)))]);
      clearTimeout(grace);
      queueConnection.disconnect();
      workerConnection?.disconnect();
    },
  };
}
