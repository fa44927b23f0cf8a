import type { AppContext } from '../app/app-context.js';
import type { EnqueueOptions, JobName, JobPayloads } from './job-queue.js';

/**
 * Queues a job, waiting at most boundMs: for callers whose work is already durable elsewhere
 * (a stored webhook delivery) and who must answer promptly even while Redis is down. Past the
 * bound, or on an error, it logs and resolves null; an enqueue still under way may land later,
 * and dedupe keys make that harmless.
 */
export async function enqueueWithin<N extends JobName>(app: AppContext, boundMs: number, name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const attempt = app.jobs.enqueue(name, payload, options);
  const bound = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), boundMs)));
  try {
    const outcome = await Promise.race([attempt, bound]);
    if (outcome === 'late') {
      attempt.catch(() => {});
      app.logger.warn('job queue did not answer in time; the job will be queued later', { job: name, boundMs });
      return null;
    }
    return outcome;
  } catch (error) {
    app.logger.warn('job could not be queued; it will be queued later', { job: name, error: error instanceof Error ? error.message : String(error) });
    return null;
  } finally {
    clearTimeout(timer);
  }
}
