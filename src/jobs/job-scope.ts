import { AsyncLocalStorage } from 'node:async_hooks';
import type { JobInfo } from './job-queue.js';

const scope = new AsyncLocalStorage<JobInfo>();

/**
 * Runs a job's handler in its own async scope, so an error that escapes the handler's promise
 * (a throw in a timer or an event listener it set up) can still be told apart from the
 * server's own failures by the process guards: see guardProcessAgainstJobErrors.
 */
export function runInJobScope<T>(job: JobInfo, run: () => Promise<T>): Promise<T> {
  return scope.run(job, run);
}

/** The job whose code is running now, if any. */
export function currentJob(): JobInfo | undefined {
  return scope.getStore();
}
