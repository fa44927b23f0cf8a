/**
 * Counters and histograms of what happens in this process, in prom-client's registry for it. Each
 * process (server, worker) counts its own events; /metrics of one process shows that process's
 * counters plus the gauges read from the shared database (see create-metrics-handler.ts).
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'clienthub_' });

export const syncRuns = new Counter({
  name: 'clienthub_sync_runs_total',
  help: 'Sync runs finished by this process, by provider, object type, mode and status (succeeded, failed).',
  labelNames: ['provider', 'object_type', 'mode', 'status'] as const,
  registers: [processRegistry],
});

export const syncRecords = new Counter({
  name: 'clienthub_sync_records_total',
  help: 'Records written by sync runs of this process, by provider, object type and change (added, updated, unchanged, deleted, dead_lettered).',
  labelNames: ['provider', 'object_type', 'change'] as const,
  registers: [processRegistry],
});

export const syncRunDuration = new Histogram({
  name: 'clienthub_sync_run_duration_seconds',
  help: 'Wall time of sync runs, by provider, object type and status.',
  labelNames: ['provider', 'object_type', 'status'] as const,
  buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
  registers: [processRegistry],
});

export const webhookDeliveries = new Counter({
  name: 'clienthub_webhook_deliveries_total',
  help: 'Webhook deliveries received, by provider and outcome (accepted, duplicate = every event seen before, rejected, throttled = not recorded past the address limit, error).',
  labelNames: ['provider', 'outcome'] as const,
  registers: [processRegistry],
});

export const providerCalls = new Counter({
  name: 'clienthub_provider_calls_total',
  help: 'Provider API calls (each attempt), by provider and outcome (ok, rate_limited = HTTP 429 or the provider\'s own limit, auth_error, client_error, server_error, network_error).',
  labelNames: ['provider', 'outcome'] as const,
  registers: [processRegistry],
});

export const httpDuration = new Histogram({
  name: 'clienthub_http_request_duration_seconds',
  help: 'HTTP requests answered by this process, by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [processRegistry],
});
