import type { Server } from 'node:http';
import type { AppContext } from '../app/app-context.js';
import { createHttpApp } from '../http/create-http-app.js';
import { createJobHandlers, createWorkerHooks } from '../jobs/create-job-handlers.js';
import { startChangeStreams } from '../sync/start-change-streams.js';

/** Scheduler tick period: due polls, dead-run detection and mail are checked this often. */
export const SCHEDULER_INTERVAL_MS = 15_000;

/** Starts the HTTP server, plus the job worker when this process should run one (always without Redis). */
export async function startServer(app: AppContext, options: { port?: number; host?: string; scheduler?: boolean } = {}): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const http = createHttpApp(app);
  if (app.config.jobs.serverWorker) await app.jobs.startWorker(createJobHandlers(app), createWorkerHooks(app));
  if (options.scheduler !== false) await app.jobs.startScheduler(SCHEDULER_INTERVAL_MS);
  // Push streams belong with the workers: in Redis mode the worker processes hold them.
  const streams = options.scheduler !== false && app.config.jobs.serverWorker ? startChangeStreams(app) : null;
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = http.listen(options.port ?? app.config.port, options.host ?? app.config.host, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : app.config.port;
  const url = `http://${options.host ?? app.config.host}:${port}`;
  return {
    server,
    url,
    close: async () => {
      await streams?.stop();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
