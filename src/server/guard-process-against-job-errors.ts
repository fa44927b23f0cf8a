import type { Logger } from '../logging/logger.js';
import { currentJob } from '../jobs/job-scope.js';

/**
 * Process-level guards for the long-running commands (serve, worker). An error that escapes a
 * job's promise (thrown from a timer or an event listener a handler set up, a rejection nobody
 * awaited) is logged with its job and the process keeps serving: no job may end the process.
 * The same error outside any job is a fault of the process itself: it is logged as one line and
 * the process exits 1, as Node would, rather than run on in an unknown state.
 */
export function guardProcessAgainstJobErrors(logger: Logger, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  const handle = (kind: string) => (reason: unknown) => {
    const error = reason instanceof Error ? reason.message : String(reason);
    const job = currentJob();
    if (job) {
      logger.error(`${kind} in a job: logged, process kept running`, { job: job.name, jobId: job.id, error });
      return;
    }
    logger.error(`${kind}: exiting`, { error, stack: reason instanceof Error ? reason.stack : undefined });
    exit(1);
  };
  const onRejection = handle('unhandled rejection');
  const onException = handle('uncaught exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
