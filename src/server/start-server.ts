import type { Server } from 'node:http';
import type { AppContext } from '../app/app-context.js';
import { createHttpApp } from '../http/create-http-app.js';
import { createJobHandlers, createWorkerHooks } from '../jobs/create-job-handlers.js';
import { startChangeStreams } from '../sync/start-change-streams.js';
import { describeListenError } from './describe-listen-error.js';
import { startMetricsServer } from '../metrics/start-metrics-server.js';

/** Scheduler tick period: due polls, dead-run detection and mail are checked this often. */
export const SCHEDULER_INTERVAL_MS = 15_000;

/** Starts the HTTP server, plus the job worker when this process should run one (always without Redis). */
export async function startServer(app: AppContext, options: { port?: number; host?: string; scheduler?: boolean } = {}): Promise<{ server: Server; url: string; metricsUrl?: string; close(): Promise<void> }> {
  const http = createHttpApp(app);
  const host = options.host ?? app.config.host;
  // Listen first: a port already taken stops the start before any job or stream runs.
  const server = await new Promise<Server>((resolve, reject) => {
    // Express 5 calls this callback on a listen error too, with the error: that is no server.
    const listening = http.listen(options.port ?? app.config.port, host, (error?: Error) => (error ? reject(describeListenError(error, host, options.port ?? app.config.port)) : resolve(listening)));
  });
  let streams: { stop(): Promise<void> } | null = null;
  let metrics: Awaited<ReturnType<typeof startMetricsServer>> | null = null;
  try {
    if (app.config.metrics.port !== undefined) metrics = await startMetricsServer(app, app.config.metrics.port, host);
    if (app.config.jobs.serverWorker) await app.jobs.startWorker(createJobHandlers(app), createWorkerHooks(app));
    if (options.scheduler !== false) await app.jobs.startScheduler(SCHEDULER_INTERVAL_MS);
    // Push streams belong with the workers: in Redis mode the worker processes hold them.
    streams = options.scheduler !== false && app.config.jobs.serverWorker ? startChangeStreams(app) : null;
  } catch (error) {
    server.close();
    await metrics?.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : app.config.port;
  const url = `http://${host}:${port}`;
  return {
    server,
    url,
    ...(metrics ? { metricsUrl: metrics.url } : {}),
    close: async () => {
      await streams?.stop();
      await metrics?.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
