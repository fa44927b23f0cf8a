/**
 * One job interface, two runners: in-process (SQLite-backed, no services needed) and
 * BullMQ on Redis (REDIS_URL set). Handlers are the same functions in both.
 */
export interface JobPayloads {
  /** Pull one object type of a connection: 'backfill' from the start, 'incremental' from its cursor. */
  'sync.pull': { connectionId: number; objectType: string; mode: 'backfill' | 'incremental' };
  /** Fetch records by id (thin webhooks, missing relations) and apply them. */
  'records.fetch': { connectionId: number; objectType: string; externalIds: string[] };
  /** Apply the events of one verified webhook delivery. */
  'webhook.process': { deliveryId: number };
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
  /** Periodic housekeeping: due polls, dead runs, mail. */
  'scheduler.tick': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export interface EnqueueOptions {
  /** At most one queued job per key: a second enqueue with the same key is a no-op while the first waits. */
  dedupeKey?: string;
  delayMs?: number;
}

export interface JobInfo {
  id: string;
  name: JobName;
  attempt: number;
  maxAttempts: number;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], job: JobInfo) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  /** Returns the job's id, or null when an identical queued job (same dedupeKey) absorbed it. */
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<string | null>;
  /** Starts processing with these handlers (a process that only enqueues never calls it). */
  startWorker(handlers: JobHandlers, hooks?: WorkerHooks): Promise<void>;
  /** Runs scheduler.tick every intervalMs, once across all processes. */
  startScheduler(intervalMs: number): Promise<void>;
  /** Resolves when no job is queued or running (tests, demo, CLI one-shots). */
  drain(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface WorkerHooks {
  onStart?(job: JobInfo): void;
  onComplete?(job: JobInfo): void;
  /** Called once a job has failed for good (retries exhausted or not retryable). */
  onFailed?(job: JobInfo, payload: unknown, error: Error): void;
  onRetry?(job: JobInfo, error: Error, delayMs: number): void;
}
