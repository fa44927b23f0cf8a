import type { Logger } from '../logging/logger.js';
import type { Store } from '../store/store.js';
import { connectionOfJob, type EnqueueOptions, type JobHandlers, type JobInfo, type JobName, type JobPayloads, type JobQueue, type JobSummary, type WorkerHooks } from './job-queue.js';
import { isRetryable, retryDelayMs } from './retry-policy.js';
import { runWithDeadline } from './run-with-deadline.js';
import { writeStatementWhenFree } from '../db/delivery-handle.js';
import { insertJob } from '../store/jobs/insert-job.js';
import { findClaimableJob } from '../store/jobs/find-claimable-job.js';
import { claimJob, type ClaimedJob } from '../store/jobs/claim-job.js';
import { lockJobClaims } from '../store/jobs/lock-job-claims.js';
import { mergeExpiredJobs } from '../store/jobs/merge-expired-jobs.js';
import { requeueExpiredJobs } from '../store/jobs/requeue-expired-jobs.js';
import { updateJobDone } from '../store/jobs/update-job-done.js';
import { updateJobFailed } from '../store/jobs/update-job-failed.js';
import { updateJobRetry } from '../store/jobs/update-job-retry.js';
import { findWaitingJob } from '../store/jobs/find-waiting-job.js';
import { extendJobLock } from '../store/jobs/extend-job-lock.js';
import { deleteFinishedJobs } from '../store/jobs/delete-finished-jobs.js';
import { countJobBacklog } from '../store/jobs/count-job-backlog.js';
import { countOpenJobs } from '../store/jobs/count-open-jobs.js';
import { hasPendingJob } from '../store/jobs/has-pending-job.js';
import { deleteWaitingConnectionJobs } from '../store/jobs/delete-waiting-connection-jobs.js';

/** How long close() lets running jobs finish. */
const CLOSE_GRACE_MS = 10_000;

type JobRow = ClaimedJob & { name: JobName };

/**
 * The default runner: jobs live in the store (the SQLite file, or PostgreSQL shared by several
 * processes and machines), so a restart or a crash loses none. A job whose process died is taken
 * over once its lock expires.
 *
 * Claims are atomic across processes: each runs in a store transaction that first takes the claim
 * lock (SQLite: the write lock of BEGIN IMMEDIATE; PostgreSQL: an advisory lock, and the pick is
 * FOR UPDATE SKIP LOCKED), so a job runs once and the running rows a claim counts include every
 * other process's claims. An idle poll is one query (findClaimableJob, no lock); the claim
 * transaction opens only when it finds a job to start or a dead worker's job to take over.
 *
 * Faults it is built to survive: a job that hangs is abandoned after timeoutMs (failed,
 * retryable, its slot and lease released); one connection's jobs hold at most perConnection
 * slots (counted from running rows, so across every process on this store) and connection
 * jobs together leave one slot free for housekeeping (ticks, mail, digests); and no error in
 * a handler or in the bookkeeping around it ends the process: it is logged, the loop goes on.
 *
 * enqueue is one INSERT through `enqueueStore` when given (SQLite: the webhook acknowledgement's
 * own connection, deliveryStoreOf, so an enqueue does not queue behind this process's transactions;
 * it waits for the write lock in timers, writeStatementWhenFree), otherwise through the store.
 * Do not await it inside a store transaction: on SQLite the store has one connection, and the job
 * would not commit with the transaction anyway (nor does it on BullMQ).
 */
export function createInProcessQueue(options: {
  store: Store;
  /** The store enqueues write through, when not `store`; asked at each enqueue. */
  enqueueStore?: () => Store;
  logger: Logger;
  workerId: string;
  lockMs: number;
  maxAttempts: number;
  concurrency: number;
  timeoutMs: number;
  perConnection: number;
  pollMs?: number;
}): JobQueue {
  const { store, logger, workerId, lockMs, maxAttempts, concurrency, timeoutMs, perConnection } = options;
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

  const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

  /** Hooks that throw are logged; the loop goes on. */
  const guarded = <T>(what: string, step: () => T): T | undefined => {
    try {
      return step();
    } catch (error) {
      logger.error(`job runner: ${what} failed`, { error: describeError(error) });
      return undefined;
    }
  };

  /** Bookkeeping (or a probe) that fails (a locked or full disk, a lost server) is logged; the loop goes on and the lock expiry recovers the job. */
  const guardedAsync = async <T>(what: string, step: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await step();
    } catch (error) {
      logger.error(`job runner: ${what} failed`, { error: describeError(error) });
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
      void wake();
    });
  };

  // One fill at a time per process: a wake that arrives meanwhile makes the running one look again.
  let waking: Promise<void> | undefined;
  let wakeAgain = false;
  const wake = (): Promise<void> => {
    if (stopped || !handlers) return Promise.resolve();
    if (waking) {
      wakeAgain = true;
      return waking;
    }
    waking = (async () => {
      try {
        do {
          wakeAgain = false;
          await fill();
        } while (wakeAgain && !stopped);
      } finally {
        waking = undefined;
      }
    })();
    return waking;
  };

  const claimable = (now: number) => ({ now, connectionSlotFree: runningForConnections < connectionSlots, perConnection });

  /** Starts jobs while slots are free: a probe first (the idle poll's one query), then a claim transaction per job. */
  const fill = async () => {
    let probe = true;
    let recover = false;
    while (!stopped && running < concurrency) {
      if (probe) {
        const found = await guardedAsync('looking for a job', () => findClaimableJob(store.db, claimable(Date.now())));
        if (!found || (found.claimableId === null && found.expiredId === null)) return;
        recover = found.expiredId !== null;
        probe = false;
      }
      const takeOver = recover;
      recover = false;
      // Read committed (PostgreSQL): the claim's snapshot is taken after the lock, so it sees every earlier claim.
      const row = (await guardedAsync('claiming a job', () =>
        store.transaction(async (tx) => {
          await lockJobClaims(tx, store.engine);
          const now = Date.now();
          if (takeOver) {
            // A dead worker's job merges into a waiting twin with its key, or is queued again to be claimed here.
            await mergeExpiredJobs(tx, now);
            await requeueExpiredJobs(tx, now);
          }
          return claimJob(tx, store.engine, { ...claimable(now), workerId, lockedUntil: now + lockMs });
        }, { isolation: 'read committed' }),
      )) as JobRow | undefined;
      if (!row) return;
      start(row);
    }
  };

  const start = (row: JobRow) => {
    const forConnection = connectionOfJob(safeParse(row.payload)) != null;
    running++;
    if (forConnection) runningForConnections++;
    const task = execute(row)
      .catch((error: unknown) => logger.error('job runner: unexpected error', { jobId: row.id, error: describeError(error) }))
      .finally(() => {
        running--;
        if (forConnection) runningForConnections--;
        inFlight.delete(task);
        scheduleWake();
      });
    inFlight.add(task);
  };

  /** A failed run goes back to the queue, or merges into a twin that is already waiting with its key. */
  const requeue = (row: JobRow, delay: number, message: string) =>
    store.transaction(
      async (tx) => {
        const twin = row.dedupe_key ? await findWaitingJob(tx, row.dedupe_key, row.id) : undefined;
        if (twin !== undefined) await updateJobDone(tx, row.id, Date.now(), `${message}; merged into waiting job ${twin}`);
        else await updateJobRetry(tx, row.id, Date.now() + delay, message);
      },
      { isolation: 'serializable' },
    );

  const execute = async (row: JobRow) => {
    const info: JobSummary = { id: String(row.id), name: row.name, attempt: row.attempts, maxAttempts: row.max_attempts };
    const heartbeat = setInterval(
      () => void guardedAsync('extending a job lock', () => extendJobLock(store.db, row.id, workerId, Date.now() + lockMs)),
      Math.max(50, lockMs / 3),
    );
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
        await guardedAsync('re-queueing a failed job', () => requeue(row, delay, error.message));
        logger.warn('job failed, will retry', { job: row.name, jobId: row.id, attempt: row.attempts, delayMs: delay, error: error.message });
        guarded('the retry hook', () => hooks.onRetry?.(info, error, delay));
      } else {
        await guardedAsync('marking a job failed', () => updateJobFailed(store.db, row.id, Date.now(), error.message));
        logger.error('job failed for good', { job: row.name, jobId: row.id, attempt: row.attempts, error: error.message });
        guarded('the failure hook', () => hooks.onFailed?.(info, payload, error));
      }
      return;
    }
    clearInterval(heartbeat);
    await guardedAsync('marking a job done', () => updateJobDone(store.db, row.id, Date.now()));
    guarded('the completion hook', () => hooks.onComplete?.(info));
  };

  return {
    kind: 'in-process',
    async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: EnqueueOptions = {}) {
      const now = Date.now();
      const job = {
        name,
        payload: JSON.stringify(payload),
        dedupeKey: opts.dedupeKey ?? null,
        connectionId: connectionOfJob(payload),
        runAt: now + (opts.delayMs ?? 0),
        maxAttempts,
        now,
        skipIfRunning: Boolean(opts.skipIfRunning && opts.dedupeKey),
      };
      // One statement (no transaction held across awaits) through the connection that waits for the
      // write lock in timers rather than behind this process's transactions (SQLite); else the store.
      const id = await writeStatementWhenFree(options.enqueueStore?.() ?? store, (q) => insertJob(q, job));
      if (!opts.delayMs) scheduleWake();
      return id === undefined ? null : String(id);
    },
    async startWorker(h, workerHooks = {}) {
      handlers = h;
      hooks = workerHooks;
      timer = setInterval(() => void wake(), pollMs);
      timer.unref();
      void wake();
    },
    async startScheduler(intervalMs) {
      const tick = () => {
        void guardedAsync('purging finished jobs', () => deleteFinishedJobs(store.db, Date.now() - 24 * 3600_000));
        this.enqueue('scheduler.tick', {}, { dedupeKey: 'scheduler.tick' }).catch((error: unknown) =>
          logger.error('job runner: queueing the scheduler tick failed', { error: describeError(error) }),
        );
      };
      schedulerTimer = setInterval(tick, intervalMs);
      schedulerTimer.unref();
      tick();
    },
    async backlog() {
      const row = await countJobBacklog(store.db, Date.now());
      return { waiting: row.waiting, running: row.running, oldestWaitingSince: row.oldest };
    },
    async isPending(dedupeKey: string) {
      return hasPendingJob(store.db, dedupeKey);
    },
    async cancelConnectionJobs(connectionId, names) {
      return deleteWaitingConnectionJobs(store.db, connectionId, names);
    },
    async drain(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const open = await countOpenJobs(store.db, Date.now());
        if (open === 0 && running === 0) return;
        if (Date.now() > deadline) throw new Error(`Jobs still pending after ${timeoutMs} ms`);
        await wake();
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (schedulerTimer) clearInterval(schedulerTimer);
      let grace: NodeJS.Timeout | undefined;
      const graceOver = new Promise((r) => (grace = setTimeout(r, CLOSE_GRACE_MS)));
      // A claim under way ends first (a job it claimed runs like the others); then running jobs may finish.
      // A hung one does not hold the shutdown past the grace: its lock expires and another process takes it.
      await Promise.race([waking, graceOver]);
      await Promise.race([Promise.allSettled([...inFlight]), graceOver]);
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
