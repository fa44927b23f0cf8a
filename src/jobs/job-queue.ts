/**
 * One job interface, two runners: in-process (SQLite-backed, no services needed) and
 * BullMQ on Redis (REDIS_URL set). Handlers are the same functions in both.
 */
export interface JobPayloads {
  /** Pull one object type of a connection: 'backfill' from the start, 'incremental' from its cursor. */
  'sync.pull': { connectionId: number; objectType: string; mode: 'backfill' | 'incremental' };
  /** Fetch records by id (thin webhooks, missing relations) and apply them. */
  'records.fetch': { connectionId: number; objectType: string; externalIds: string[] };
  /** Apply the events of one verified webhook delivery (of this connection: it counts toward the connection's running jobs). */
  'webhook.process': { deliveryId: number; connectionId?: number };
  /** Send queued mail. */
  'mail.deliver': Record<string, never>;
  /** Re-evaluate every record's client from the cache (a CRM anchor changed: a company won, a contact's email). */
  'links.resolve': Record<string, never>;
  /** Register a connection's webhooks at its provider again where they are missing (Asana). */
  'webhooks.maintain': { connectionId: number };
  /** Email digests of what changed for each client, to the portal users who asked for them. */
  'notifications.digest': Record<string, never>;
  /** Delete webhook deliveries past their retention (CLIENTHUB_WEBHOOK_RETENTION_DAYS), in bounded batches. */
  'webhooks.prune': Record<string, never>;
  /** List the files on these records through their connector (src/documents/), metadata only. */
  'documents.list': { connectionId: number; recordIds: number[] };
  /** Read one project's client conversation again through its connector (src/conversations/). */
  'conversations.refresh': { connectionId: number; projectExternalId: string };
  /** Perform one portal action of the write-back outbox through its connector (src/outbox/). */
  'outbox.perform': { actionId: number };
  /** Periodic housekeeping: due polls, dead runs, mail. */
  'scheduler.tick': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export interface EnqueueOptions {
  /**
   * At most one waiting job per key: a second enqueue with the same key is a no-op while the first waits.
   * A waiting job does not start while another job with its key runs (it runs afterwards: a change that
   * arrived during a run is not lost), and a failed run's retry merges into a waiting twin.
   */
  dedupeKey?: string;
  /** Also a no-op while a job with this key runs (the scheduler's polls: the running pull catches up by itself). */
  skipIfRunning?: boolean;
  delayMs?: number;
}

export interface JobInfo {
  id: string;
  name: JobName;
  attempt: number;
  maxAttempts: number;
  /** Aborted when the job passed CLIENTHUB_JOB_TIMEOUT_MS and was abandoned: a handler that can stop, stops. */
  signal?: AbortSignal;
}

/** What the runner's hooks are told about a job. */
export type JobSummary = Omit<JobInfo, 'signal'>;

/** The connection a job works for, when it works for one: its jobs share CLIENTHUB_JOBS_PER_CONNECTION slots. */
export function connectionOfJob(payload: unknown): number | null {
  if (!payload || typeof payload !== 'object' || !('connectionId' in payload)) return null;
  const id = (payload as { connectionId: unknown }).connectionId;
  return typeof id === 'number' && Number.isInteger(id) ? id : null;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], job: JobInfo) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  /** Returns the job's id, or null when a job with the same dedupeKey absorbed it (waiting, or running and skipIfRunning). */
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<string | null>;
  /** Starts processing with these handlers (a process that only enqueues never calls it). */
  startWorker(handlers: JobHandlers, hooks?: WorkerHooks): Promise<void>;
  /** Runs scheduler.tick every intervalMs, once across all processes. */
  startScheduler(intervalMs: number): Promise<void>;
  /** Jobs due and waiting, running, and when the oldest waiting one became due (/metrics). */
  backlog?(): Promise<JobBacklog>;
  /** Resolves when no job is queued or running (tests, demo, CLI one-shots). */
  drain(timeoutMs?: number): Promise<void>;
  /** Whether a job with this dedupeKey is queued (now or later, e.g. a scheduled retry) or running: `clienthub sync --wait`. */
  isPending(dedupeKey: string): Promise<boolean>;
  /**
   * Drops this connection's jobs of these names that wait (due now or later: delayed, a retry's backoff)
   * and, in BullMQ, its job schedulers of those names; returns how many jobs were dropped. A job already
   * running is left to finish (or to end through its own abort signal): handlers check the connection.
   */
  cancelConnectionJobs(connectionId: number, names: readonly JobName[]): Promise<number>;
  close(): Promise<void>;
}

export interface JobBacklog {
  waiting: number;
  running: number;
  /** Epoch ms the longest-waiting due job has waited since; null when none waits. */
  oldestWaitingSince: number | null;
}

export interface WorkerHooks {
  onStart?(job: JobSummary): void;
  onComplete?(job: JobSummary): void;
  /** Called once a job has failed for good (retries exhausted or not retryable). */
  onFailed?(job: JobSummary, payload: unknown, error: Error): void;
  onRetry?(job: JobSummary, error: Error, delayMs: number): void;
}
