import type { Db } from '../db/open-database.js';
import type { Logger } from '../logging/logger.js';
import type { EnqueueOptions, JobHandlers, JobInfo, JobName, JobPayloads, JobQueue, WorkerHooks } from './job-queue.js';
import { isRetryable, retryDelayMs } from './retry-policy.js';

interface JobRow {
  id: number;
  name: JobName;
  payload: string;
  attempts: number;
  max_attempts: number;
}

/**
 * The default runner: jobs live in the SQLite file, so a restart or a crash loses none.
 * A job whose process died is taken over once its lock expires.
 */
export function createInProcessQueue(options: {
  db: Db;
  logger: Logger;
  workerId: string;
  lockMs: number;
  maxAttempts: number;
  concurrency: number;
  pollMs?: number;
}): JobQueue {
  const { db, logger, workerId, lockMs, maxAttempts, concurrency } = options;
  const pollMs = options.pollMs ?? 250;
  let handlers: JobHandlers | undefined;
  let hooks: WorkerHooks = {};
  let running = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let schedulerTimer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();

  const insert = db.prepare(
    `INSERT INTO jobs (name, payload, dedupe_key, run_at, max_attempts, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const claim = db.prepare(
    `UPDATE jobs SET status = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1
     WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_at <= ? ORDER BY run_at, id LIMIT 1)
     RETURNING id, name, payload, attempts, max_attempts`,
  );
  const reclaimDead = db.prepare(
    `UPDATE jobs SET status = 'queued', locked_by = NULL, locked_until = NULL
     WHERE status = 'running' AND locked_until < ?`,
  );
  const finish = db.prepare(`UPDATE jobs SET status = 'done', finished_at = ?, locked_by = NULL WHERE id = ?`);
  const fail = db.prepare(`UPDATE jobs SET status = 'failed', finished_at = ?, last_error = ?, locked_by = NULL WHERE id = ?`);
  const retry = db.prepare(
    `UPDATE jobs SET status = 'queued', run_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL WHERE id = ?`,
  );
  const extend = db.prepare(`UPDATE jobs SET locked_until = ? WHERE id = ? AND locked_by = ?`);
  const purgeOld = db.prepare(`DELETE FROM jobs WHERE status = 'done' AND finished_at < ?`);

  const wake = () => {
    if (stopped || !handlers) return;
    while (running < concurrency) {
      const row = db.transaction(() => {
        reclaimDead.run(Date.now());
        return claim.get(workerId, Date.now() + lockMs, Date.now()) as JobRow | undefined;
      }).immediate();
      if (!row) break;
      running++;
      const task = execute(row).finally(() => {
        running--;
        inFlight.delete(task);
        setImmediate(wake);
      });
      inFlight.add(task);
    }
  };

  const execute = async (row: JobRow) => {
    const info: JobInfo = { id: String(row.id), name: row.name, attempt: row.attempts, maxAttempts: row.max_attempts };
    const payload = JSON.parse(row.payload) as unknown;
    const heartbeat = setInterval(() => extend.run(Date.now() + lockMs, row.id, workerId), Math.max(50, lockMs / 3));
    hooks.onStart?.(info);
    try {
      const handler = handlers![row.name] as (p: unknown, j: JobInfo) => Promise<void>;
      if (!handler) throw new Error(`No handler for job "${row.name}"`);
      await handler(payload, info);
      finish.run(Date.now(), row.id);
      hooks.onComplete?.(info);
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      if (isRetryable(error) && row.attempts < row.max_attempts) {
        const delay = retryDelayMs(row.attempts, error);
        retry.run(Date.now() + delay, error.message, row.id);
        hooks.onRetry?.(info, error, delay);
        logger.warn('job failed, will retry', { job: row.name, jobId: row.id, attempt: row.attempts, delayMs: delay, error: error.message });
      } else {
        fail.run(Date.now(), error.message, row.id);
        logger.error('job failed for good', { job: row.name, jobId: row.id, attempt: row.attempts, error: error.message });
        hooks.onFailed?.(info, payload, error);
      }
    } finally {
      clearInterval(heartbeat);
    }
  };

  return {
    kind: 'in-process',
    async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: EnqueueOptions = {}) {
      const now = Date.now();
      const result = insert.run(name, JSON.stringify(payload), opts.dedupeKey ?? null, now + (opts.delayMs ?? 0), maxAttempts, now);
      if (!opts.delayMs) setImmediate(wake);
      return result.changes ? String(result.lastInsertRowid) : null;
    },
    async startWorker(h, workerHooks = {}) {
      handlers = h;
      hooks = workerHooks;
      timer = setInterval(wake, pollMs);
      timer.unref();
      wake();
    },
    async startScheduler(intervalMs) {
      const tick = () => {
        purgeOld.run(Date.now() - 24 * 3600_000);
        void this.enqueue('scheduler.tick', {}, { dedupeKey: 'scheduler.tick' });
      };
      schedulerTimer = setInterval(tick, intervalMs);
      schedulerTimer.unref();
      tick();
    },
    async drain(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const open = db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running') AND run_at <= ?`).get(Date.now()) as { n: number };
        if (open.n === 0 && running === 0) return;
        if (Date.now() > deadline) throw new Error(`Jobs still pending after ${timeoutMs} ms`);
        wake();
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (schedulerTimer) clearInterval(schedulerTimer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
