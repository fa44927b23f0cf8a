#!/usr/bin/env node
/**
 * clienthub <command>: serve (default), worker, sync, demo, connect, connections, dead-letters.
 * Every command reads the same configuration (environment, then config/clienthub.json).
 */
import { loadConfig } from '../config/load-config.js';
import { createAppContext, closeAppContext } from '../app/create-app-context.js';
import { startServer } from '../server/start-server.js';
import { startMetricsServer } from '../metrics/start-metrics-server.js';
import { createJobHandlers, createWorkerHooks } from '../jobs/create-job-handlers.js';
import { SCHEDULER_INTERVAL_MS } from '../server/start-server.js';
import { runSchedulerTick } from '../sync/run-scheduler-tick.js';
import { listConnections, setConnectionStatus } from '../connections/connection-repository.js';
import { listDeadLetters } from '../sync/dead-letters.js';
import { replayDeadLetter } from '../sync/replay-dead-letter.js';
import { discardDeadLetter } from '../sync/discard-dead-letter.js';
import { startOAuth } from '../connections/start-oauth.js';
import { listSyncRuns } from '../sync/sync-run-repository.js';
import { runDemo } from '../demo/run-demo.js';
import { runConsoleDemo } from '../demo/run-console-demo.js';
import { startChangeStreams } from '../sync/start-change-streams.js';
import { LINKS_USAGE, runClientsCommand, runLinksCommand } from './links-command.js';
import { remapRecords } from '../records/remap-records.js';
import { reconcileCacheAtStart } from '../records/reconcile-cache-at-start.js';
import { addStaffUser } from '../staff/add-staff-user.js';
import { guardProcessAgainstJobErrors } from '../server/guard-process-against-job-errors.js';

const USAGE = `Usage: clienthub <command>
  serve                         HTTP server (portal, webhooks); runs jobs too unless REDIS_URL is set
  worker                        a job worker process (BullMQ when REDIS_URL is set)
  sync [--backfill]             run every connection's pulls now and wait for them
  runs                          recent sync runs
  connections                   list connections and their health
  connections resume <id>       mark an unhealthy connection active again
  connect <provider>            print the OAuth authorize URL to connect an account
  dead-letters [all]            list payloads that failed mapping
  dead-letters replay <id>      map and apply a dead letter again (after a mapping fix)
  dead-letters discard <id> [note]
  demo [--salesforce] [--exit]  run the hub against a local HubSpot (or Salesforce) emulator and provision a client
  demo --console                emulators only, nothing connected: connect them from the staff console
  remap [provider [objectType]]   map stored payloads again (after a mapping or config change); no provider is called
  staff add <email> <role>      add a staff console user (owner, operator or viewer) and print a one-time sign-in link
${LINKS_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  if (command === 'help' || command === '--help') {
    console.log(USAGE);
    return 0;
  }
  if (command === 'demo' && rest.includes('--console')) return runConsoleDemo({ exitWhenDone: rest.includes('--exit') });
  if (command === 'demo') return runDemo({ exitWhenDone: rest.includes('--exit'), provider: rest.includes('--salesforce') ? 'salesforce' : 'hubspot' });
  const config = loadConfig();
  const app = await createAppContext(config);
  const shutdown = (close: () => Promise<void>) => {
    const stop = async () => {
      app.logger.info('shutting down');
      await close();
      await closeAppContext(app);
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  };

  switch (command) {
    case 'serve': {
      guardProcessAgainstJobErrors(app.logger);
      await reconcileCacheAtStart(app);
      const server = await startServer(app);
      app.logger.info('ClientHub listening', { url: server.url, publicUrl: config.publicUrl, jobs: app.jobs.kind, dataDir: config.dataDir });
      console.log(`ClientHub is running at ${server.url} (jobs: ${app.jobs.kind}, data: ${config.dataDir})`);
      shutdown(server.close);
      return new Promise<number>(() => {});
    }
    case 'worker': {
      guardProcessAgainstJobErrors(app.logger);
      await reconcileCacheAtStart(app);
      await app.jobs.startWorker(createJobHandlers(app), {
        ...createWorkerHooks(app),
        onStart: (job) => app.logger.info('job started', { job: job.name, jobId: job.id, attempt: job.attempt }),
        onComplete: (job) => app.logger.info('job completed', { job: job.name, jobId: job.id }),
      });
      await app.jobs.startScheduler(SCHEDULER_INTERVAL_MS);
      const streams = startChangeStreams(app);
      // A worker does not serve HTTP; with CLIENTHUB_METRICS_PORT its counters get a listener of their own.
      const metrics = config.metrics.port !== undefined ? await startMetricsServer(app, config.metrics.port) : null;
      app.logger.info('worker started', { jobs: app.jobs.kind, workerId: app.workerId, ...(metrics ? { metrics: metrics.url } : {}) });
      shutdown(async () => {
        await metrics?.close();
        await streams.stop();
      });
      return new Promise<number>(() => {});
    }
    case 'sync': {
      if (rest.includes('--backfill')) app.db.prepare('UPDATE sync_cursors SET cursor = NULL').run();
      await app.jobs.startWorker(createJobHandlers(app), createWorkerHooks(app));
      const { enqueued } = await runSchedulerTick(app, Date.now() + config.pollIntervalSeconds * 1000);
      await app.jobs.drain(30 * 60_000);
      console.table(listSyncRuns(app.db, { limit: enqueued }).map(({ id, connectionId, objectType, mode, status, pages, added, updated, unchanged, deleted, deadLettered, error }) => ({ id, connectionId, objectType, mode, status, pages, added, updated, unchanged, deleted, deadLettered, error })));
      break;
    }
    case 'runs':
      console.table(listSyncRuns(app.db, { limit: 30 }));
      break;
    case 'connections': {
      if (rest[0] === 'resume' && rest[1]) {
        setConnectionStatus(app.db, Number(rest[1]), 'active');
        console.log(`Connection ${rest[1]} is active again; it will be polled on the next tick.`);
        break;
      }
      console.table(listConnections(app.db).map(({ id, provider, label, authType, status, lastError, consecutiveFailures, lastSuccessAt }) => ({ id, provider, label, authType, status, consecutiveFailures, lastSuccessAt: lastSuccessAt ? new Date(lastSuccessAt).toISOString() : null, lastError })));
      break;
    }
    case 'connect': {
      const provider = rest[0];
      if (!provider) throw new Error('connect needs a provider, e.g. clienthub connect hubspot');
      const { url } = startOAuth(app, provider);
      console.log(`Open this URL to connect ${provider} (valid 10 minutes):\n${url}`);
      break;
    }
    case 'dead-letters': {
      const [action, id, ...note] = rest;
      if (action === 'replay' && id) {
        const result = await replayDeadLetter(app, Number(id), { actor: 'cli' });
        console.log(result.ok ? `Dead letter ${id} replayed: ${result.outcome}` : `Dead letter ${id} still fails: ${result.reason}`);
        break;
      }
      if (action === 'discard' && id) {
        discardDeadLetter(app, Number(id), note.join(' ') || null, { actor: 'cli' });
        console.log(`Dead letter ${id} discarded.`);
        break;
      }
      console.table(listDeadLetters(app.db, action === 'all' ? 'all' : 'open').map(({ id: letterId, provider, objectType, externalId, stage, reason, status, createdAt }) => ({ id: letterId, provider, objectType, externalId, stage, reason, status, createdAt: new Date(createdAt).toISOString() })));
      break;
    }
    case 'links':
      runLinksCommand(app, rest);
      break;
    case 'remap': {
      const summary = remapRecords(app, { provider: rest[0], objectType: rest[1] });
      console.log(`Re-mapped ${summary.examined} stored records of ${summary.connections} connections: ${summary.changed} changed, ${summary.deadLettered} dead-lettered.`);
      break;
    }
    case 'clients':
      runClientsCommand(app, rest);
      break;
    case 'staff': {
      const [action, email, role] = rest;
      if (action !== 'add' || !email || !role) throw new Error('usage: clienthub staff add <email> <owner|operator|viewer>');
      const { user, link } = addStaffUser(app, { email, role });
      console.log(`${user.email} is a staff ${user.role}. Sign in within 10 minutes with this one-time link:\n${link}`);
      break;
    }
    default:
      console.error(`Unknown command "${command}".\n${USAGE}`);
      await closeAppContext(app);
      return 2;
  }
  await closeAppContext(app);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
