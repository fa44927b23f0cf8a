import { runInJobScope } from './job-scope.js';
import type { JobInfo, JobSummary } from './job-queue.js';

/** A job that ran past CLIENTHUB_JOB_TIMEOUT_MS: retryable, like any other transient failure. */
export class JobTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Job ran longer than ${timeoutMs} ms (CLIENTHUB_JOB_TIMEOUT_MS) and was abandoned`);
    this.name = 'JobTimeoutError';
  }
}

/**
 * Runs one job's handler with a maximum run time. Past it the job is given up: its signal is
 * aborted (handlers that check it stop at their next step) and this rejects at once, so the
 * runner frees the slot and lease even while the handler's own await is still stuck on a socket.
 * Whatever the abandoned handler does later is swallowed here: it must not reach the process.
 */
export function runWithDeadline(
  info: JobSummary,
  timeoutMs: number,
  run: (job: JobInfo) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const job: JobInfo = { ...info, signal: controller.signal };
  const handler = runInJobScope(job, async () => run(job));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new JobTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  return Promise.race([handler, deadline]).finally(() => {
    clearTimeout(timer);
    handler.catch(() => {});
  });
}
