import type { Db } from '../db/open-database.js';
import type { Logger } from '../logging/logger.js';
import { connectionOfJob, type EnqueueOptions, type JobHandlers, type JobInfo, type JobName, type JobPayloads, type JobQueue, type JobSummary, type WorkerHooks } from './job-queue.js';
import { isRetryable, retryDelayMs } from './retry-policy.js';
import { runWithDeadline } from './run-with-deadline.js';
import { writeWhenFree } from '../db/delivery-handle.js';
import { cachedStatement } from '../db/cached-statement.js';

/** How long close() lets running jobs finish. */
const CLOSE_GRACE_MS = 10_000;

interface JobRow {
  id: number;
  name: JobName;
  payload: string;
  attempts: number;
  max_attempts: number;
  dedupe_key: string | null;
}

/**
 * The default runner: jobs live in the SQLite file, so a restart or a crash loses none.
 * A job whose process died is taken over once its lock expires.
 *
 * Faults it is built to survive: a job that hangs is abandoned after timeoutMs (failed,
 * retryable, its slot and lease released); one connection's jobs hold at most perConnection
 * slots (counted from running rows, so across every process on this file) and connection
 * jobs together leave one slot free for housekeeping (ticks, mail, digests); and no error in
 * a handler or in the bookkeeping around it ends the process: it is logged, the loop goes on.
 */
export function createInProcessQueue(options: {
  db: Db;
  logger: Logger;
  workerId: string;
  lockMs: number;
  maxAttempts: number;
  concurrency: number;
  timeoutMs: number;
  perConnection: number;
  pollMs?: number;
}): JobQueue {
  const { db, logger, workerId, lockMs, maxAttempts, concurrency, timeoutMs, perConnection } = options;
  const pollMs = options.pollMs ?? 250;
  // With one slot there is nothing to reserve; otherwise connection jobs leave one for the rest.
  const connectionSlots = concurrency > 1 ? concurrency - 1 : concurrency;
  let handlers: JobHandlers | undefined;
  let hooks: WorkerHooks = {};
  let running = 0;
  let runningForConnections = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let schedulerTimer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();

  // A key held by a running job makes a skipIfRunning enqueue a no-op; a waiting twin is absorbed by the unique index.
  const INSERT_JOB = `INSERT INTO jobs (name, payload, dedupe_key, connection_id, run_at, max_attempts, created_at)
     SELECT :name, :payload, :key, :connectionId, :runAt, :maxAttempts, :now
     WHERE NOT (:skipIfRunning AND EXISTS (SELECT 1 FROM jobs WHERE status = 'running' AND dedupe_key = :key))
     ON CONFLICT DO NOTHING`;
  const insert = db.prepare(INSERT_JOB);
  // The first due job that may start now: its key not held by a running twin, its connection under its limit.
  // The connections at their limit are found once per claim, not counted again for every waiting job:
  // a webhook burst leaves thousands queued behind one busy connection, and this runs on the event loop.
  const claim = db.prepare(
    `UPDATE jobs SET status = 'running', locked_by = :workerId, locked_until = :lockedUntil, attempts = attempts + 1
     WHERE id = (
       SELECT id FROM jobs AS j WHERE status = 'queued' AND run_at <= :now
         AND (j.dedupe_key IS NULL OR NOT EXISTS (SELECT 1 FROM jobs AS r WHERE r.status = 'running' AND r.dedupe_key = j.dedupe_key))
         AND (j.connection_id IS NULL OR (:connectionSlotFree
           AND j.connection_id NOT IN (SELECT r.connection_id FROM jobs AS r WHERE r.status = 'running' AND r.connection_id IS NOT NULL
                                        GROUP BY r.connection_id HAVING COUNT(*) >= :perConnection)))
       ORDER BY run_at, id LIMIT 1)
     RETURNING id, name, payload, attempts, max_attempts, dedupe_key`,
  );
  // A dead worker's job whose key meanwhile has a waiting twin is merged into it rather than re-queued beside it.
  // (So is every dead twin but the oldest, when a database from before this rule holds several running.)
  const mergeDead = db.prepare(
    `UPDATE jobs SET status = 'done', finished_at = :now, locked_by = NULL, last_error = 'worker died; merged into a job with the same key'
     WHERE status = 'running' AND locked_until < :now AND dedupe_key IS NOT NULL
       AND (EXISTS (SELECT 1 FROM jobs AS q WHERE q.status = 'queued' AND q.dedupe_key = jobs.dedupe_key)
         OR EXISTS (SELECT 1 FROM jobs AS d WHERE d.status = 'running' AND d.locked_until < :now AND d.dedupe_key = jobs.dedupe_key AND d.id < jobs.id))`,
  );
  const reclaimDead = db.prepare(
    `UPDATE jobs SET status = 'queued', locked_by = NULL, locked_until = NULL
     WHERE status = 'running' AND locked_until < ?`,
  );
  const finish = db.prepare(`UPDATE jobs SET status = 'done', finished_at = ?, locked_by = NULL WHERE id = ?`);
  const fail = db.prepare(`UPDATE jobs SET status = 'failed', finished_at = ?, last_error = ?, locked_by = NULL WHERE id = ?`);
  const waitingTwin = db.prepare(`SELECT id FROM jobs WHERE status = 'queued' AND dedupe_key = ? AND id != ?`);
  const merge = db.prepare(`UPDATE jobs SET status = 'done', finished_at = ?, last_error = ?, locked_by = NULL WHERE id = ?`);
  const retry = db.prepare(
    `UPDATE jobs SET status = 'queued', run_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL WHERE id = ?`,
  );
  const extend = db.prepare(`UPDATE jobs SET locked_until = ? WHERE id = ? AND locked_by = ?`);
  const purgeOld = db.prepare(`DELETE FROM jobs WHERE status = 'done' AND finished_at < ?`);

  /** Bookkeeping that fails (a locked or full disk) is logged; the loop goes on and the lock expiry recovers the job. */
  const guarded = <T>(what: string, step: () => T): T | undefined => {
    try {
      return step();
    } catch (error) {
      logger.error(`job runner: ${what} failed`, { error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };

  // Enqueues and finishes ask for a wake; one per turn of the event loop is enough (a burst of
  // deliveries would otherwise run a claim transaction each).
  let wakeScheduled = false;
  const scheduleWake = () => {
    if (wakeScheduled) return;
    wakeScheduled = true;
    setImmediate(() => {
      wakeScheduled = false;
      wake();
    });
  };

  const wake = () => {
    if (stopped || !handlers) return;
    while (running < concurrency) {
      const row = guarded('claiming a job', () =>
        db
          .transaction(() => {
            const now = Date.now();
            mergeDead.run({ now });
            reclaimDead.run(now);
            return claim.get({
              workerId,
              lockedUntil: now + lockMs,
              now,
              connectionSlotFree: runningForConnections < connectionSlots ? 1 : 0,
              perConnection,
            }) as JobRow | undefined;
          })
          .immediate(),
      );
      if (!row) break;
      const forConnection = connectionOfJob(safeParse(row.payload)) != null;
      running++;
      if (forConnection) runningForConnections++;
      const task = execute(row)
        .catch((error: unknown) => logger.error('job runner: unexpected error', { jobId: row.id, error: error instanceof Error ? error.message : String(error) }))
        .finally(() => {
          running--;
          if (forConnection) runningForConnections--;
          inFlight.delete(task);
          scheduleWake();
        });
      inFlight.add(task);
    }
  };

  /** A failed run goes back to the queue, or merges into a twin that is already waiting with its key. */
  const requeue = (row: JobRow, delay: number, message: string) =>
    db
      .transaction(() => {
        const twin = row.dedupe_key ? (waitingTwin.get(row.dedupe_key, row.id) as { id: number } | undefined) : undefined;
        if (twin) merge.run(Date.now(), `${message}; merged into waiting job ${twin.id}`, row.id);
        else retry.run(Date.now() + delay, message, row.id);
      })
      .immediate();

  const execute = async (row: JobRow) => {
    const info: JobSummary = { id: String(row.id), name: row.name, attempt: row.attempts, maxAttempts: row.max_attempts };
    const heartbeat = setInterval(() => guarded('extending a job lock', () => extend.run(Date.now() + lockMs, row.id, workerId)), Math.max(50, lockMs / 3));
    let payload: unknown;
    try {
      hooks.onStart?.(info);
      payload = JSON.parse(row.payload) as unknown;
      const handler = handlers![row.name] as ((p: unknown, j: JobInfo) => Promise<void>) | undefined;
      if (!handler) throw new Error(`No handler for job "${row.name}"`);
      await runWithDeadline(info, timeoutMs, (job) => handler(payload, job));
    } catch (caught) {
      clearInterval(heartbeat);
      const error = caught instanceof Error ? caught : new Error(String(caught));
      if (isRetryable(error) && row.attempts < row.max_attempts) {
        const delay = retryDelayMs(row.attempts, error);
        guarded('re-queueing a failed job', () => requeue(row, delay, error.message));
        logger.warn('job failed, will retry', { job: row.name, jobId: row.id, attempt: row.attempts, delayMs: delay, error: error.message });
        guarded('the retry hook', () => hooks.onRetry?.(info, error, delay));
      } else {
        guarded('marking a job failed', () => fail.run(Date.now(), error.message, row.id));
        logger.error('job failed for good', { job: row.name, jobId: row.id, attempt: row.attempts, error: error.message });
        guarded('the failure hook', () => hooks.onFailed?.(info, payload, error));
      }
      return;
    }
    clearInterval(heartbeat);
    guarded('marking a job done', () => finish.run(Date.now(), row.id));
    guarded('the completion hook', () => hooks.onComplete?.(info));
  };

  return {
    kind: 'in-process',
    async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: EnqueueOptions = {}) {
      const now = Date.now();
      const params = {
        name,
        payload: JSON.stringify(payload),
        key: opts.dedupeKey ?? null,
        connectionId: connectionOfJob(payload),
        runAt: now + (opts.delayMs ?? 0),
        maxAttempts,
        now,
        skipIfRunning: opts.skipIfRunning && opts.dedupeKey ? 1 : 0,
      };
      // Outside a transaction (a webhook acknowledgement), through the connection that waits for the
      // write lock in timers rather than in the call; inside one, in it, so the job commits with it.
      const result = db.inTransaction ? insert.run(params) : await writeWhenFree(db, (handle) => (handle === db ? insert : cachedStatement(handle, INSERT_JOB)).run(params));
      if (!opts.delayMs) scheduleWake();
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
        guarded('purging finished jobs', () => purgeOld.run(Date.now() - 24 * 3600_000));
        this.enqueue('scheduler.tick', {}, { dedupeKey: 'scheduler.tick' }).catch((error: unknown) =>
          logger.error('job runner: queueing the scheduler tick failed', { error: error instanceof Error ? error.message : String(error) }),
        );
      };
      schedulerTimer = setInterval(tick, intervalMs);
      schedulerTimer.unref();
      tick();
    },
    async backlog() {
      const row = db
        .prepare(
          `SELECT COUNT(*) FILTER (WHERE status = 'queued' AND run_at <= @now) AS waiting, COUNT(*) FILTER (WHERE status = 'running') AS running,
             MIN(run_at) FILTER (WHERE status = 'queued' AND run_at <= @now) AS oldest
           FROM jobs WHERE status IN ('queued', 'running')`,
        )
        .get({ now: Date.now() }) as { waiting: number; running: number; oldest: number | null };
      return { waiting: row.waiting, running: row.running, oldestWaitingSince: row.oldest };
    },
    async isPending(dedupeKey: string) {
      return db.prepare(`SELECT 1 FROM jobs WHERE dedupe_key = ? AND status IN ('queued', 'running') LIMIT 1`).get(dedupeKey) !== undefined;
    },
    async cancelConnectionJobs(connectionId, names) {
      if (names.length === 0) return 0;
      return db
        .prepare(`DELETE FROM jobs WHERE status = 'queued' AND name IN (${names.map(() => '?').join(', ')}) AND connection_id = ?`)
        .run(...names, connectionId).changes;
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
      // Running jobs may finish; a hung one does not hold the shutdown (its lock expires and another process takes it).
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => (grace = setTimeout(r, CLOSE_GRACE_MS)))]);
      clearTimeout(grace);
    },
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
