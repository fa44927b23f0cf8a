import { clearScreenDown, moveCursor } from 'node:readline';
import type { AppContext } from '../app/app-context.js';
import { listConnections } from '../store/connections/list-connections.js';
import { findMaxSyncRunId } from '../store/sync/find-max-sync-run-id.js';
import { listSyncRunsAfter, type ReportedSyncRun } from '../store/sync/list-sync-runs-after.js';
import { clearSyncCursors } from '../store/sync/clear-sync-cursors.js';
import { createJobHandlers, createWorkerHooks } from '../jobs/create-job-handlers.js';
import type { Logger } from '../logging/logger.js';
import { runSchedulerTick } from '../sync/run-scheduler-tick.js';
import { describeRunProgress, formatSpan, measureRunProgress } from '../sync/measure-run-progress.js';
import { humanTime, printRows, summariseCursor, type Row } from './cli-output.js';
import { RATE_LIMIT_WAIT_EVENT } from '../sync/call-provider.js';

export interface SyncOptions {
  backfill: boolean;
  wait: boolean;
  timeoutMs: number;
  json: boolean;
}

/** Rate-limit waits seen while the sync ran, summarised instead of one log line each. */
export interface RateLimitTally {
  waits: number;
  waitedMs: number;
}

/**
 * The logger `clienthub sync` gives the app: a provider's rate-limit wait (its log line's `event`) is counted, not
 * printed (a 97-second CRM backfill used to print 149 of them); everything else goes on.
 */
export function countRateLimitWaits(inner: Logger, tally: RateLimitTally): Logger {
  const wrap = (logger: Logger): Logger => ({
    debug: (msg, fields) => logger.debug(msg, fields),
    warn: (msg, fields) => logger.warn(msg, fields),
    error: (msg, fields) => logger.error(msg, fields),
    info: (msg, fields) => {
      if (fields?.event === RATE_LIMIT_WAIT_EVENT) {
        tally.waits++;
        tally.waitedMs += Number(fields?.waitMs ?? 0) || 0;
        return;
      }
      logger.info(msg, fields);
    },
    child: (fields) => wrap(logger.child(fields)),
    pino: logger.pino,
  });
  return wrap(inner);
}

export type RunRow = ReportedSyncRun;

/**
 * `clienthub sync [--backfill] [--wait]`: pulls every active connection's objects now.
 * Without --wait it returns once the due jobs are done (a retry scheduled for later is named, not
 * waited for); with --wait it also waits for those retries, up to --timeout. Exit 1 when a pull's
 * last run failed, when nothing could be pulled because every connection is unhealthy, or on timeout.
 */
export async function runSyncCommand(app: AppContext, options: SyncOptions, tally: RateLimitTally, draw: ProgressDrawer | null): Promise<number> {
  const q = app.store.db;
  const startId = await findMaxSyncRunId(q);
  const notes: string[] = [];
  for (const connection of await listConnections(q)) {
    if (connection.status === 'active') continue;
    notes.push(
      connection.status === 'unhealthy'
        ? `Connection ${connection.id} (${connection.provider}, ${connection.label}) is unhealthy and was not pulled: ${connection.lastError ?? 'no error recorded'}. Fix the cause, then: npx clienthub connections resume ${connection.id}`
        : `Connection ${connection.id} (${connection.provider}, ${connection.label}) is disconnected and was not pulled: reconnect it from the staff console or with npx clienthub connect ${connection.provider}.`,
    );
  }
  const keys = (await listConnections(q, { status: 'active' }))
    .filter((c) => app.connectors.has(c.provider))
    .flatMap((c) => app.connectors.get(c.provider).objectTypes.map((t) => ({ connectionId: c.id, objectType: t.objectType, key: `pull:${c.id}:${t.objectType}` })));
  for (const note of notes) console.error(note);
  if (keys.length === 0) {
    console.error('Nothing to sync: no active connection. Connect an account (npx clienthub connect <provider>) or resume one (npx clienthub connections resume <id>).');
    return 1;
  }

  if (options.backfill) await clearSyncCursors(q);
  await app.jobs.startWorker(createJobHandlers(app), createWorkerHooks(app));
  await runSchedulerTick(app, Date.now() + app.config.pollIntervalSeconds * 1000);

  const deadline = Date.now() + options.timeoutMs;
  // One redraw at a time: a slow read is skipped, never stacked.
  let drawing = false;
  let stopped = false;
  const redraw = async (drawer: ProgressDrawer) => {
    if (drawing) return;
    drawing = true;
    try {
      const running = (await listSyncRunsAfter(q, startId)).filter((r) => r.status === 'running');
      if (!stopped) drawer.update(running, tally);
    } catch {
      // The progress lines are a courtesy: a failed read leaves them as they were.
    } finally {
      drawing = false;
    }
  };
  const ticker = draw ? setInterval(() => void redraw(draw), 250) : undefined;
  let timedOut = false;
  let pending: string[] = [];
  try {
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) {
        timedOut = true;
        break;
      }
      try {
        await app.jobs.drain(left);
      } catch {
        timedOut = true;
        break;
      }
      pending = [];
      for (const { key } of keys) if (await app.jobs.isPending(key)) pending.push(key);
      if (pending.length === 0 || !options.wait) break;
      // A retry is scheduled for later (its backoff): the worker runs it when due; look again shortly.
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    stopped = true;
    if (ticker) clearInterval(ticker);
    draw?.clear();
  }

  const runs = await listSyncRunsAfter(q, startId);
  // The outcome of each object is its last run: a failure a retry later fixed is not a failure.
  const last = new Map<string, RunRow>();
  for (const run of runs) last.set(`${run.connectionId}:${run.objectType}`, run);
  const failed = [...last.values()].filter((r) => r.status === 'failed' || r.status === 'interrupted');
  const stillPending = timedOut || (!options.wait && pending.length > 0);

  const rows: Row[] = runs.map((r) => ({
    run: r.id,
    connection: r.connectionId,
    provider: r.provider,
    object: r.objectType,
    mode: r.mode,
    status: r.status,
    started: humanTime(r.startedAt, options.json),
    took: r.finishedAt === null ? null : options.json ? r.finishedAt - r.startedAt : formatSpan(r.finishedAt - r.startedAt),
    pages: r.pages,
    added: r.added,
    updated: r.updated,
    unchanged: r.unchanged,
    deleted: r.deleted,
    deadLettered: r.deadLettered,
    cursor: summariseCursor(r.cursorEnd, options.json),
    error: r.error,
  }));
  if (options.json) {
    console.log(JSON.stringify({ ok: failed.length === 0 && !stillPending, runs: rows, failed: failed.map((r) => r.id), pending, timedOut, rateLimitWaits: tally.waits, rateLimitWaitedMs: tally.waitedMs }, null, 2));
  } else {
    printRows(rows, { json: false, empty: 'No pull ran.' });
    if (tally.waits > 0) console.log(`Rate limited ${tally.waits} time${tally.waits === 1 ? '' : 's'}, ${formatSpan(tally.waitedMs)} spent waiting for the provider.`);
    if (failed.length > 0) console.error(`${failed.length} pull${failed.length === 1 ? '' : 's'} failed: ${failed.map((r) => `${r.provider} ${r.objectType} (run ${r.id})`).join(', ')}.`);
    if (timedOut) console.error(`Timed out after ${formatSpan(options.timeoutMs)} with pulls still pending: ${pending.join(', ') || 'jobs still running'}.`);
    else if (!options.wait && pending.length > 0) console.error(`${pending.length} pull${pending.length === 1 ? ' has' : 's have'} a retry scheduled (${pending.join(', ')}); run with --wait to wait for ${pending.length === 1 ? 'it' : 'them'}.`);
  }
  return failed.length > 0 || stillPending ? 1 : 0;
}

/** Live lines on a terminal (stderr): one per running pull, redrawn in place; logs printed above them. */
export interface ProgressDrawer {
  update(running: RunRow[], tally: RateLimitTally): void;
  clear(): void;
}

export function createProgressDrawer(stream: NodeJS.WriteStream): ProgressDrawer {
  let drawn = 0;
  const clear = () => {
    if (drawn === 0) return;
    moveCursor(stream, 0, -drawn);
    clearScreenDown(stream);
    drawn = 0;
  };
  return {
    update(running, tally) {
      const now = Date.now();
      const width = Math.max(40, (stream.columns || 100) - 1);
      const lines = running.map((r) => {
        const progress = measureRunProgress(r, now);
        if (progress.starting) return `${r.provider} ${r.objectType} ${r.mode}: ${describeRunProgress(progress)}`;
        // Compact, so the ETA survives a narrow terminal: "[####......] 3400/6007 · 228/s · ETA 12 s".
        const bar = progress.estimatedTotal ? `[${'#'.repeat(Math.round(Math.min(1, progress.records / progress.estimatedTotal) * 20)).padEnd(20, '.')}] ` : '';
        const count = progress.estimatedTotal ? `${progress.records}/${progress.estimatedTotal}` : `${progress.records} records`;
        return `${r.provider} ${r.objectType}: ${bar}${count} · ${Math.round(progress.ratePerSecond)}/s${progress.etaMs !== null ? ` · ETA ${formatSpan(progress.etaMs)}` : ''}`;
      });
      if (tally.waits > 0) lines.push(`rate limited ${tally.waits}×, ${formatSpan(tally.waitedMs)} waited`);
      clear();
      for (const line of lines) stream.write(`${line.length > width ? `${line.slice(0, width - 1)}…` : line}\n`);
      drawn = lines.length;
    },
    clear,
  };
}
