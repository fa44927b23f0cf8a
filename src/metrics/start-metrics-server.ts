import type { Server } from 'node:http';
import express from 'express';
import type { AppContext } from '../app/app-context.js';
import { describeListenError } from '../server/describe-listen-error.js';
import { createMetricsHandler } from './create-metrics-handler.js';

/**
 * /metrics on a listener of its own (CLIENTHUB_METRICS_PORT, on HOST): a port the firewall keeps
 * to the monitoring network, so the public one need not carry it. Workers start one too, so their
 * counters can be scraped; every process needs its own port on a shared host.
 */
export async function startMetricsServer(app: AppContext, port: number, host = app.config.host): Promise<{ url: string; close(): Promise<void> }> {
  const http = express();
  http.disable('x-powered-by');
  http.get('/metrics', createMetricsHandler(app, { token: app.config.metrics.token }));
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = http.listen(port, host, (error?: Error) => (error ? reject(metricsListenError(error, host, port)) : resolve(listening)));
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function metricsListenError(error: unknown, host: string, port: number): Error {
  const described = describeListenError(error, host, port);
  // The same sentence, naming the variable that chose this port.
  described.message = described.message.replace('set PORT', 'set CLIENTHUB_METRICS_PORT');
  return described;
}
