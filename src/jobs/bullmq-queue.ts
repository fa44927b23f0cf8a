import { Queue, Worker, UnrecoverableError, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import type { EnqueueOptions, JobHandlers, JobInfo, JobName, JobPayloads, JobQueue, WorkerHooks } from './job-queue.js';
import { isRetryable, retryDelayMs } from './retry-policy.js';

/**
 * The scale-out runner: BullMQ on Redis. Any number of worker processes share one queue;
 * a job whose worker dies is detected by BullMQ's stalled-job check (lockMs) and handed
 * to another worker. Handlers are idempotent, so a retried job never applies twice.
 */
export function createBullmqQueue(options: {
  redisUrl: string;
  queueName?: string;
  logger: Logger;
  lockMs: number;
  maxAttempts: number;
  concurrency: number;
}): JobQueue {
  const queueName = options.queueName ?? 'clienthub';
  const { logger, lockMs, maxAttempts, concurrency } = options;
  // BullMQ requires maxRetriesPerRequest null so blocking commands survive Redis reconnects.
  const connect = () => new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  const queueConnection = connect();
  const queue = new Queue(queueName, { connection: queueConnection });
  let worker: Worker | undefined;
  let workerConnection: Redis | undefined;

  const info = (job: Job): JobInfo => ({
    id: job.id ?? '?',
    name: job.name as JobName,
    attempt: job.attemptsMade + 1,
    maxAttempts: job.opts.attempts ?? maxAttempts,
  });

  return {
    kind: 'bullmq',
    async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: EnqueueOptions = {}) {
      const job = await queue.add(name, payload, {
        attempts: maxAttempts,
        backoff: { type: 'clienthub' },
        delay: opts.delayMs,
        // One waiting job per key, and a change that arrives while one runs still gets its own run afterwards.
        deduplication: opts.dedupeKey ? { id: opts.dedupeKey, keepLastIfActive: true } : undefined,
        removeOnComplete: { age: 3600, count: 5000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      });
      return job.id ?? null;
    },
    async startWorker(handlers: JobHandlers, hooks: WorkerHooks = {}) {
      workerConnection = connect();
      worker = new Worker(
        queueName,
        async (job) => {
          const jobInfo = info(job);
          hooks.onStart?.(jobInfo);
          const handler = handlers[job.name as JobName] as ((p: unknown, j: JobInfo) => Promise<void>) | undefined;
          if (!handler) throw new UnrecoverableError(`No handler for job "${job.name}"`);
          try {
            await handler(job.data, jobInfo);
          } catch (error) {
            if (!isRetryable(error)) throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
            throw error;
          }
          hooks.onComplete?.(jobInfo);
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
        const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? maxAttempts);
        if (final) {
          logger.error('job failed for good', { job: job.name, jobId: job.id, attempt: job.attemptsMade, error: error.message });
          hooks.onFailed?.(info(job), job.data, error);
        } else {
          logger.warn('job failed, will retry', { job: job.name, jobId: job.id, attempt: job.attemptsMade, error: error.message });
          hooks.onRetry?.(info(job), error, retryDelayMs(job.attemptsMade, error));
        }
      });
      worker.on('error', (error) => logger.error('worker error', { error: error.message }));
      await worker.waitUntilReady();
    },
    async startScheduler(intervalMs) {
      // A job scheduler is stored in Redis: however many processes call this, one tick runs per interval.
      await queue.upsertJobScheduler('scheduler.tick', { every: intervalMs }, { name: 'scheduler.tick', data: {} });
    },
    async drain(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
        if (Object.values(counts).every((n) => n === 0)) return;
        if (Date.now() > deadline) throw new Error(`Jobs still pending after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await worker?.close();
      await queue.close();
      queueConnection.disconnect();
      workerConnection?.disconnect();
    },
  };
}
