import { timingSafeEqual, createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Gauge, Registry } from 'prom-client';
import type { AppContext } from '../app/app-context.js';
import type { JobBacklog } from '../jobs/job-queue.js';
import { processRegistry } from './process-metrics.js';
import { listLastSuccessfulRuns } from '../store/metrics/list-last-successful-runs.js';
import { countConnectionsByStatus } from '../store/metrics/count-connections-by-status.js';
import { countPendingWebhookEvents } from '../store/metrics/count-pending-webhook-events.js';
import { countOpenDeadLettersByProvider } from '../store/metrics/count-open-dead-letters-by-provider.js';

/**
 * Gauges read from the database (and the job queue) at each scrape. The database is shared by
 * every process of a deployment, so these hold for all of them: a worker that does not listen
 * still shows up here through its runs, jobs and cursors.
 */
function createStateRegistry(app: AppContext): { metrics(): Promise<string> } {
  const registry = new Registry();
  new Gauge({
    name: 'clienthub_sync_lag_seconds',
    help: 'Seconds since the last successful sync run of each connection and object type (connections not disconnected).',
    labelNames: ['connection_id', 'provider', 'object_type'] as const,
    registers: [registry],
    async collect() {
      const rows = await listLastSuccessfulRuns(app.store.db);
      this.reset();
      const now = Date.now();
      for (const row of rows) this.set({ connection_id: String(row.connectionId), provider: row.provider, object_type: row.objectType }, Math.max(0, (now - row.at) / 1000));
    },
  });
  new Gauge({
    name: 'clienthub_connections',
    help: 'Connections by provider and status (active, unhealthy, disconnected).',
    labelNames: ['provider', 'status'] as const,
    registers: [registry],
    async collect() {
      const rows = await countConnectionsByStatus(app.store.db);
      this.reset();
      for (const row of rows) this.set({ provider: row.provider, status: row.status }, row.n);
    },
  });
  new Gauge({
    name: 'clienthub_webhook_events_pending',
    help: 'Webhook events received and not yet processed.',
    registers: [registry],
    async collect() {
      this.set(await countPendingWebhookEvents(app.store.db));
    },
  });
  new Gauge({
    name: 'clienthub_dead_letters_open',
    help: 'Dead letters waiting for staff, by provider.',
    labelNames: ['provider'] as const,
    registers: [registry],
    async collect() {
      const rows = await countOpenDeadLettersByProvider(app.store.db);
      this.reset();
      for (const row of rows) this.set({ provider: row.provider }, row.n);
    },
  });
  // One read of the queue per scrape serves all three job gauges, so they agree with each other.
  let backlog: Promise<JobBacklog | undefined> = Promise.resolve(undefined);
  const jobGauge = (name: string, help: string, value: (b: JobBacklog) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['queue'] as const,
      registers: [registry],
      async collect() {
        const read = await backlog;
        if (read) this.set({ queue: app.jobs.kind }, value(read));
      },
    });
  jobGauge('clienthub_jobs_waiting', 'Jobs due and waiting for a worker (queue depth).', (b) => b.waiting);
  jobGauge('clienthub_jobs_running', 'Jobs running now, in any process.', (b) => b.running);
  jobGauge('clienthub_jobs_oldest_waiting_seconds', 'How long the longest-waiting due job has waited (0 when none waits).', (b) =>
    b.oldestWaitingSince === null ? 0 : Math.max(0, (Date.now() - b.oldestWaitingSince) / 1000),
  );
  return {
    metrics: () => {
      // Redis down: the job gauges are left out of this scrape, the rest still answers.
      backlog = app.jobs.backlog ? app.jobs.backlog().catch(() => undefined) : Promise.resolve(undefined);
      return registry.metrics();
    },
  };
}


function sameSecret(given: string, expected: string): boolean {
  // Hashing first: equal lengths for timingSafeEqual, and the token's length does not leak.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * GET /metrics in Prometheus's text format: this process's counters and histograms, then the
 * database-derived gauges. With a token, only `Authorization: Bearer <token>` is answered; a
 * request without it gets 401 (a wrong one too), so the page never reaches the public.
 */
export function createMetricsHandler(app: AppContext, options: { token: string | undefined }): RequestHandler {
  const state = createStateRegistry(app);
  return (req, res, next) => {
    if (options.token !== undefined) {
      const header = req.headers.authorization ?? '';
      const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
      if (!given || !sameSecret(given, options.token)) {
        res.set('WWW-Authenticate', 'Bearer realm="metrics"').status(401).type('text/plain').send('metrics need Authorization: Bearer <CLIENTHUB_METRICS_TOKEN>\n');
        return;
      }
    }
    Promise.all([processRegistry.metrics(), state.metrics()])
      .then(([own, shared]) => {
        res.set('Cache-Control', 'no-store').type(processRegistry.contentType).send(`${own.trimEnd()}\n${shared}`);
      })
      .catch(next);
  };
}
