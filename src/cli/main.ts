#!/usr/bin/env node
/**
 * clienthub <command>: serve (default), worker, sync, runs, connections, connect, dead-letters, demo,
 * remap, staff, links, matches, clients, db. Every command reads the same configuration (environment, then
 * config/clienthub.json); `--data-dir` names the data directory for this one invocation.
 *
 * Exit codes: 0 done; 1 the work failed (a pull failed, a timeout, an error); 2 the command was
 * wrong (unknown command or option, missing argument, an id that names nothing).
 */
import { Command, CommanderError, Option } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { createAppContext, closeAppContext, type AppContextOverrides } from '../app/create-app-context.js';
import type { AppContext } from '../app/app-context.js';
import { startServer } from '../server/start-server.js';
import { startMetricsServer } from '../metrics/start-metrics-server.js';
import { createJobHandlers, createWorkerHooks } from '../jobs/create-job-handlers.js';
import { SCHEDULER_INTERVAL_MS } from '../server/start-server.js';
import { findConnection } from '../store/connections/find-connection.js';
import { listConnections } from '../store/connections/list-connections.js';
import { updateConnectionStatus } from '../store/connections/update-connection-status.js';
import { getDeadLetter, listDeadLetters } from '../sync/dead-letters.js';
import { replayDeadLetter } from '../sync/replay-dead-letter.js';
import { discardDeadLetter } from '../sync/discard-dead-letter.js';
import { startOAuth } from '../connections/start-oauth.js';
import { getSyncRun, listSyncRuns } from '../sync/sync-run-repository.js';
import { runDemo, runningNote } from '../demo/run-demo.js';
import { runConsoleDemo } from '../demo/run-console-demo.js';
import { loadDemoEmulators } from '../demo/load-demo-emulators.js';
import { runDemoFromSource } from '../demo/run-demo-from-source.js';
import { chooseDemoCrm } from './choose-demo-crm.js';
import { startChangeStreams } from '../sync/start-change-streams.js';
import { existingId, LINKS_USAGE, runClientsCommand, runLinksCommand } from './links-command.js';
import { MATCHES_USAGE, runMatchesCommand } from './matches-command.js';
import { remapRecords } from '../records/remap-records.js';
import { reconcileCacheAtStart } from '../records/reconcile-cache-at-start.js';
import { addStaffUser } from '../staff/add-staff-user.js';
import { guardProcessAgainstJobErrors } from '../server/guard-process-against-job-errors.js';
import { createLogger } from '../logging/logger.js';
import { formatSpan } from '../sync/measure-run-progress.js';
import { humanTime, printRows, summariseCursor, UsageError } from './cli-output.js';
import { countRateLimitWaits, createProgressDrawer, runSyncCommand, type RateLimitTally } from './sync-command.js';
import { addDbCommands } from './db-command.js';

const EXIT_CODES = `
Exit codes: 0 done · 1 the work failed (a pull failed, a timeout, an error) · 2 usage error or unknown id.
Run from a checkout as: npx clienthub <command> (or npm run cli -- <command>).`;

/** Opens the app for one command, runs it, closes it: the command's exit code comes back. */
async function withApp(run: (app: AppContext) => Promise<number | void> | number | void, overrides: AppContextOverrides = {}): Promise<number> {
  const app = await createAppContext(loadConfig(), overrides);
  try {
    return (await run(app)) ?? 0;
  } finally {
    await closeAppContext(app);
  }
}

/** serve and worker run until a signal: close cleanly, then exit 0. */
function stayUntilSignal(app: AppContext, close: () => Promise<void>): Promise<number> {
  const stop = async () => {
    app.logger.info('shutting down');
    await close();
    await closeAppContext(app);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return new Promise<number>(() => {});
}

const json = () => new Option('--json', 'print machine-readable JSON instead of a table');

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('clienthub')
    .description('ClientHub: the sync hub, its workers and its admin commands.')
    .option('--data-dir <dir>', 'data directory for this command (default: CLIENTHUB_DATA_DIR or ./data)')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES)
    .hook('preAction', (self) => {
      const dataDir = self.opts<{ dataDir?: string }>().dataDir;
      if (dataDir) process.env.CLIENTHUB_DATA_DIR = dataDir;
    });
  const act =
    <A extends unknown[]>(run: (...args: A) => Promise<number | void> | number | void) =>
    async (...args: A) =>
      setExit((await run(...args)) ?? 0);

  program
    .command('serve')
    .description('HTTP server (portal, console, webhooks); runs jobs too unless REDIS_URL is set (the default command)')
    .action(act(async () => {
      const config = loadConfig();
      const app = await createAppContext(config);
      guardProcessAgainstJobErrors(app.logger);
      await reconcileCacheAtStart(app);
      const server = await startServer(app);
      app.logger.info('ClientHub listening', { url: server.url, publicUrl: config.publicUrl, jobs: app.jobs.kind, dataDir: config.dataDir });
      console.log(`ClientHub is running at ${config.publicUrl}${runningNote(server.url, config.publicUrl)} (jobs: ${app.jobs.kind}, data: ${config.dataDir})`);
      return stayUntilSignal(app, server.close);
    }));

  program
    .command('worker')
    .description('a job worker process (BullMQ when REDIS_URL is set)')
    .action(act(async () => {
      const app = await createAppContext(loadConfig());
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
      const metrics = app.config.metrics.port !== undefined ? await startMetricsServer(app, app.config.metrics.port) : null;
      app.logger.info('worker started', { jobs: app.jobs.kind, workerId: app.workerId, ...(metrics ? { metrics: metrics.url } : {}) });
      return stayUntilSignal(app, async () => {
        await metrics?.close();
        await streams.stop();
      });
    }));

  program
    .command('sync')
    .description("run every active connection's pulls now; exit 1 if any pull's last run failed")
    .option('--backfill', 'forget the cursors first: every object is pulled in full')
    .option('--wait', 'also wait for retries the failed pulls scheduled (up to --timeout)')
    .option('--timeout <seconds>', 'give up (exit 1) after this long', '1800')
    .addOption(json())
    .action(act(async (opts: { backfill?: boolean; wait?: boolean; timeout: string; json?: boolean }) => {
      const timeoutSeconds = Number(opts.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout must be a number of seconds, got "${opts.timeout}"`);
      const config = loadConfig();
      const progress = Boolean(process.stderr.isTTY) && !opts.json;
      const tally: RateLimitTally = { waits: 0, waitedMs: 0 };
      // Logs go to stderr so stdout is the result alone; with live progress lines only warnings show.
      const level = progress && config.logLevel !== 'debug' ? 'warn' : config.logLevel;
      const logger = countRateLimitWaits(createLogger(level, { pid: process.pid }, (line) => process.stderr.write(line + '\n')), tally);
      return withApp(
        (app) => runSyncCommand(app, { backfill: Boolean(opts.backfill), wait: Boolean(opts.wait), timeoutMs: timeoutSeconds * 1000, json: Boolean(opts.json) }, tally, progress ? createProgressDrawer(process.stderr) : null),
        { logger },
      );
    }));

  program
    .command('runs')
    .description('recent sync runs, or one run in full')
    .argument('[run]', 'a run id: show that run')
    .option('--connection <id>', "only this connection's runs")
    .option('--limit <n>', 'how many runs', '30')
    .addOption(json())
    .action(act((runArg: string | undefined, opts: { connection?: string; limit: string; json?: boolean }) =>
      withApp(async (app) => {
        const asJson = Boolean(opts.json);
        const runs = runArg !== undefined
          ? [(await getSyncRun(app.store.db, await existingId(app.store.db, runArg, 'run')))!]
          : await listSyncRuns(app.store.db, { connectionId: opts.connection !== undefined ? await existingId(app.store.db, opts.connection, 'connection') : undefined, limit: Math.max(1, Number(opts.limit) || 30) });
        printRows(
          runs.map((r) => ({
            run: r.id,
            connection: r.connectionId,
            object: r.objectType,
            mode: r.mode,
            status: r.status,
            started: humanTime(r.startedAt, asJson),
            took: r.finishedAt === null ? null : asJson ? r.finishedAt - r.startedAt : formatSpan(r.finishedAt - r.startedAt),
            pages: r.pages,
            added: r.added,
            updated: r.updated,
            unchanged: r.unchanged,
            deleted: r.deleted,
            deadLettered: r.deadLettered,
            cursor: summariseCursor(r.cursorEnd, asJson),
            error: r.error,
          })),
          { json: asJson, empty: 'No sync runs yet.' },
        );
      }),
    ));

  const connections = program
    .command('connections')
    .description('list connections and their health')
    .addOption(json())
    .action(act((opts: { json?: boolean }) =>
      withApp(async (app) => {
        const asJson = Boolean(opts.json);
        const all = await listConnections(app.store.db);
        printRows(
          all.map((c) => ({ id: c.id, provider: c.provider, label: c.label, auth: c.authType, status: c.status, failures: c.consecutiveFailures, lastSuccess: humanTime(c.lastSuccessAt, asJson), lastError: c.lastError })),
          { json: asJson, empty: 'No connections yet: npx clienthub connect <provider>, or connect from the staff console.' },
        );
        if (!asJson) for (const c of all.filter((x) => x.status === 'unhealthy')) console.error(`Connection ${c.id} (${c.provider}) is not polled until fixed; after fixing the cause: npx clienthub connections resume ${c.id}`);
      }),
    ));
  connections
    .command('resume')
    .description('mark an unhealthy connection active again')
    .argument('<id>', 'connection id')
    .action(act((idArg: string) =>
      withApp(async (app) => {
        const id = await existingId(app.store.db, idArg, 'connection');
        const connection = (await findConnection(app.store.db, id))!;
        if (connection.status === 'active') {
          console.log(`Connection ${id} is already active.`);
          return;
        }
        await updateConnectionStatus(app.store.db, id, 'active');
        console.log(`Connection ${id} (${connection.provider}) is active again; it will be polled on the next tick.`);
      }),
    ));

  program
    .command('connect')
    .description('print the OAuth authorize URL to connect an account')
    .argument('<provider>', 'a provider with OAuth, by its folder name under connectors/')
    .action(act((provider: string) =>
      withApp(async (app) => {
        if (!app.connectors.has(provider)) throw new UsageError(`Unknown or unconfigured provider "${provider}".`);
        const { url } = await startOAuth(app, provider);
        console.log(`Open this URL to connect ${provider} (valid 10 minutes):\n${url}`);
      }),
    ));

  const deadLetters = program
    .command('dead-letters')
    .description('list payloads that failed mapping (open ones, or all)')
    .argument('[all]', '"all" to include replayed and discarded ones')
    .addOption(json())
    .action(act((which: string | undefined, opts: { json?: boolean }) =>
      withApp(async (app) => {
        if (which !== undefined && which !== 'all') throw new UsageError(`Unknown dead-letters action "${which}": all | replay <id> | discard <id> [note]`);
        const asJson = Boolean(opts.json);
        printRows(
          (await listDeadLetters(app.store.db, which === 'all' ? 'all' : 'open')).map((d) => ({ id: d.id, provider: d.provider, objectType: d.objectType, externalId: d.externalId, stage: d.stage, reason: d.reason, status: d.status, created: humanTime(d.createdAt, asJson) })),
          { json: asJson, empty: which === 'all' ? 'No dead letters.' : 'No open dead letters.' },
        );
      }),
    ));
  deadLetters
    .command('replay')
    .description('map and apply a dead letter again (after a mapping fix); exit 1 if it still fails')
    .argument('<id>', 'dead letter id')
    .action(act((idArg: string) =>
      withApp(async (app) => {
        const id = await existingId(app.store.db, idArg, 'dead letter');
        const result = await replayDeadLetter(app, id, { actor: 'cli' });
        console.log(result.ok ? `Dead letter ${id} replayed: ${result.outcome}` : `Dead letter ${id} still fails: ${result.reason}`);
        return result.ok ? 0 : 1;
      }),
    ));
  deadLetters
    .command('discard')
    .description('close a dead letter without applying it')
    .argument('<id>', 'dead letter id')
    .argument('[note...]', 'why')
    .action(act((idArg: string, note: string[]) =>
      withApp(async (app) => {
        const id = await existingId(app.store.db, idArg, 'dead letter');
        if ((await getDeadLetter(app.store.db, id))!.status !== 'open') throw new UsageError(`Dead letter ${id} is not open.`);
        await discardDeadLetter(app, id, note.join(' ') || null, { actor: 'cli' });
        console.log(`Dead letter ${id} discarded.`);
      }),
    ));

  program
    .command('demo')
    .description('run the hub against local emulators and provision a client (prints a staff sign-in link)')
    .option('--crm <provider>', "the CRM whose emulator wins a deal (default: the CRM whose demo emulator is marked default; see README)")
    .option('--console', 'emulators only, nothing connected: connect them from the staff console')
    .option('--exit', 'stop when the demo has run instead of serving until Ctrl-C')
    // The old `--<provider>` (one CRM's own flag) is read as a deprecated --crm; anything else is refused there.
    .allowUnknownOption()
    .allowExcessArguments()
    .action(act(async (opts: { crm?: string; console?: boolean; exit?: boolean }, command: Command) => {
      const emulators = await loadDemoEmulators();
      // A production build has no emulators: the demo runs from the checkout's sources instead.
      if (emulators.length === 0) return runDemoFromSource(process.argv.slice(2));
      const crm = chooseDemoCrm({ crm: opts.crm, leftover: command.args, emulators, warn: (message) => console.error(message) });
      const exitWhenDone = Boolean(opts.exit);
      return opts.console ? runConsoleDemo({ exitWhenDone, crm, emulators }) : runDemo({ exitWhenDone, crm, emulators });
    }));

  program
    .command('remap')
    .description('map stored payloads again (after a mapping or config change); no provider is called')
    .argument('[provider]')
    .argument('[objectType]')
    .action(act((provider: string | undefined, objectType: string | undefined) =>
      withApp(async (app) => {
        const summary = await remapRecords(app, { provider, objectType });
        console.log(`Re-mapped ${summary.examined} stored records of ${summary.connections} connections: ${summary.changed} changed, ${summary.deadLettered} dead-lettered.`);
      }),
    ));

  program
    .command('staff')
    .description('staff console users')
    .command('add')
    .description('add a staff console user (or change their role) and print a one-time sign-in link')
    .argument('<email>')
    .argument('<role>', 'owner, operator or viewer')
    .action(act((email: string, role: string) =>
      withApp(async (app) => {
        if (!['owner', 'operator', 'viewer'].includes(role)) throw new UsageError(`role must be owner, operator or viewer, got "${role}"`);
        const { user, link } = await addStaffUser(app, { email, role });
        console.log(`${user.email} is a staff ${user.role}. Sign in within 10 minutes with this one-time link:\n${link}`);
      }),
    ));

  program
    .command('links')
    .description('identity decisions: which client a record belongs to')
    .argument('[action]', 'review (default), answer, set, release, show, relink')
    .argument('[args...]')
    .addOption(json())
    .addHelpText('after', `\n${LINKS_USAGE}`)
    .action(act((action: string | undefined, args: string[], opts: { json?: boolean }) => withApp((app) => runLinksCommand(app, action === undefined ? [] : [action, ...args], Boolean(opts.json)))));

  program
    .command('matches')
    .description('invoice matching: bills kept in several systems, and the pairs waiting for staff')
    .argument('[action]', 'review (default), answer, refresh')
    .argument('[args...]')
    .addOption(json())
    .addHelpText('after', `\n${MATCHES_USAGE}`)
    .action(act((action: string | undefined, args: string[], opts: { json?: boolean }) => withApp((app) => runMatchesCommand(app, action === undefined ? [] : [action, ...args], Boolean(opts.json)))));

  program
    .command('clients')
    .description('list clients, or merge two: clients merge <from> <into>')
    .argument('[action]', 'merge')
    .argument('[args...]')
    .addOption(json())
    .action(act((action: string | undefined, args: string[], opts: { json?: boolean }) => withApp((app) => runClientsCommand(app, action === undefined ? [] : [action, ...args], Boolean(opts.json)))));

  addDbCommands(program, act);

  return program;
}

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  // No command at all is `serve`, as `npm start` has always meant.
  const args = argv.filter((a) => !a.startsWith('-')).length === 0 && !argv.some((a) => a === '-h' || a === '--help' || a === '-V') ? [...argv, 'serve'] : argv;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
