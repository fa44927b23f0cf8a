import type { AppContext } from '../app/app-context.js';
import { findConnection } from '../store/connections/find-connection.js';
import { updateConnectionSucceeded } from '../store/connections/update-connection-succeeded.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import { applyPulledRecords, emptyCounts } from './apply-pulled-records.js';
import { prefetchPages } from './prefetch-pages.js';
import { afterRecordsChanged } from './after-records-changed.js';
import { analyzeStaleTables } from '../store/postgres/analyze-stale-tables.js';
import { queueConversationRefresh } from '../conversations/refresh-conversation.js';
import { RateLimitError } from './sync-errors.js';
import { describePullFailure } from './describe-pull-failure.js';
import type { ApplyCounts } from './apply-pulled-records.js';
import { countSyncRun } from '../metrics/count-sync-run.js';
import type { Connection } from '../connections/connection-repository.js';
import type { Connector, MappingContext, PulledRecord } from '../connector-kit/connector.js';
import type { Queryable } from '../store/store.js';
import { ensureSyncCursor } from '../store/sync/ensure-sync-cursor.js';
import { takeSyncLease } from '../store/sync/take-sync-lease.js';
import { renewSyncLease } from '../store/sync/renew-sync-lease.js';
import { releaseSyncLease } from '../store/sync/release-sync-lease.js';
import { findSyncCursor } from '../store/sync/find-sync-cursor.js';
import { interruptRunningSyncRun } from '../store/sync/interrupt-running-sync-run.js';
import { findLatestSyncRun } from '../store/sync/find-latest-sync-run.js';
import { insertSyncRun } from '../store/sync/insert-sync-run.js';
import { updateSyncRunProgress } from '../store/sync/update-sync-run-progress.js';
import { updateSyncRun } from '../store/sync/update-sync-run.js';
import { listLiveExternalIds } from '../store/records/list-live-external-ids.js';

export type PullMode = 'backfill' | 'incremental';

/**
 * Records written per transaction. Measured (scripts/measure-webhook-acks.ts): a HubSpot page of
 * 100 held the lock, and this process's event loop, for 50–300 ms on a busy machine.
 */
export const WRITE_CHUNK_RECORDS = 25;

export interface PullResult {
  status: 'succeeded' | 'skipped';
  runId: number | null;
  reason?: string;
}

/**
 * One sync run of one object type of one connection. Each page's last write commits its cursor
 * and the run's counters, so a crash resumes at the first page not wholly written. A lease on
 * the cursor row keeps two workers off the same stream.
 */
export async function runPull(app: AppContext, connectionId: number, objectType: string, mode: PullMode, signal?: AbortSignal): Promise<PullResult> {
  const connection = await findConnection(app.store.db, connectionId);
  if (!connection) return { status: 'skipped', runId: null, reason: 'connection not found' };
  if (connection.status === 'disconnected') return { status: 'skipped', runId: null, reason: 'connection disconnected' };
  const connector = app.connectors.get(connection.provider);
  if (!connector.objectTypes.some((t) => t.objectType === objectType)) {
    throw new Error(`${connector.provider} has no object type "${objectType}"`);
  }
  const leaseMs = app.config.jobs.lockMs * 2;
  const now = Date.now();

  const stream = { connectionId, objectType };
  const started = await app.store.transaction(
    async (tx) => {
      await ensureSyncCursor(tx, connectionId, objectType, now);
      if (!(await takeSyncLease(tx, stream, app.workerId, now + leaseMs, now))) return null;
      // A run left "running" by a dead worker is closed here and this run resumes from its cursor.
      const orphan = await interruptRunningSyncRun(tx, connectionId, objectType, now, 'The worker running this sync stopped; resumed by a later run');
      const savedCursor = (await findSyncCursor(tx, connectionId, objectType)) ?? null;
      // A backfill starts from nothing unless it resumes a backfill that a dead worker left unfinished.
      const previous = await findLatestSyncRun(tx, connectionId, objectType);
      // A backfill a provider's rate limit stopped resumes from its cursor too: starting over would spend the allowance again.
      const resumeFrom = previous?.mode === 'backfill' && (previous.status === 'interrupted' || previous.status === 'rate_limited') ? previous.id : null;
      const cursor = mode === 'backfill' && resumeFrom === null ? null : savedCursor;
      const runId = await insertSyncRun(tx, { connectionId, objectType, mode, workerId: app.workerId, startedAt: now, cursorStart: cursor, resumedFromRunId: orphan ?? resumeFrom });
      return { runId, cursor: cursor == null ? null : (JSON.parse(cursor) as unknown) };
    },
    // Read-then-write on the lease: two machines must not both start this stream.
    { isolation: 'serializable' },
  );
  if (!started) return { status: 'skipped', runId: null, reason: 'another worker is syncing this object' };

  const { runId } = started;
  const log = app.logger.child({ runId, connectionId, objectType, mode });
  const context = await buildConnectorContext(app, connection);
  const counts = emptyCounts();
  log.info('sync run started');
  // A page can take longer than the lease: a provider's rate limit waited out in place, pacing. While
  // this process works on the run it keeps the lease and the run's heartbeat fresh, so no other worker
  // presumes it dead mid-wait; a worker that really died stops renewing, and is taken over as before.
  let beating: Promise<void> = Promise.resolve();
  const heartbeat = setInterval(() => {
    beating = (async () => {
      await renewSyncLease(app.store.db, stream, app.workerId, Date.now() + leaseMs);
      await updateSyncRun(app.store.db, runId, { heartbeat_at: Date.now() }, { onlyRunning: true });
    })().catch((error: unknown) => {
      // A busy database now is not a reason to end the process: the next beat tries again.
      log.warn('sync run heartbeat failed', { error: error instanceof Error ? error.message : String(error) });
    });
  }, Math.max(50, Math.floor(leaseMs / 4)));
  heartbeat.unref();
  try {
    await connector.refreshMetadata?.(context);
    const mappingContext = { metadata: context.metadata, config: app.config };
    // The next page is fetched (and paced) while this one is written: see prefetchPages.
    const pages = prefetchPages(connector.pull(context, objectType, { cursor: started.cursor, overlapMs: app.config.syncOverlapSeconds * 1000 }));
    let complete = false;
    // What this run listed, for the deletion sweep after a complete listing (dead-lettered ids count: they exist).
    const listed = new Set<string>();
    for await (const page of pages) {
      // A job abandoned for running too long stops here rather than write behind its retry.
      signal?.throwIfAborted();
      complete ||= page.complete === true;
      for (const record of page.records) if (!record.deleted) listed.add(record.externalId);
      const before = counts.changedRecordIds.length;
      // A page is written in short transactions (WRITE_CHUNK_RECORDS each), the event loop let go
      // between them: webhook acknowledgements and portal pages share this process and the one write
      // lock, and must not wait behind a whole page. The cursor moves with the page's last chunk, so a
      // crash mid-page re-reads the page, and re-applying its first chunks changes nothing (upserts are
      // idempotent); each chunk is linked in its own transaction, so no record shows under the wrong client.
      const chunks = page.records.length === 0 ? [[]] : Array.from({ length: Math.ceil(page.records.length / WRITE_CHUNK_RECORDS) }, (_, i) => page.records.slice(i * WRITE_CHUNK_RECORDS, (i + 1) * WRITE_CHUNK_RECORDS));
      for (const [i, chunk] of chunks.entries()) {
        const last = i === chunks.length - 1;
        // One store transaction: the chunk's records and (with the page's last chunk) its cursor and
        // the run's counters commit together or not at all. The counters are copied and kept only on
        // commit, so a transaction PostgreSQL retries does not count a chunk twice.
        const chunkCounts = { ...counts, changedRecordIds: [...counts.changedRecordIds] };
        const stillOurs = await app.store.transaction(async (tx) => {
          Object.assign(chunkCounts, { ...counts, changedRecordIds: [...counts.changedRecordIds] });
          const at = Date.now();
          const saved = last ? { cursor: JSON.stringify(page.cursor), at } : undefined;
          if (!(await renewSyncLease(tx, stream, app.workerId, at + leaseMs, saved))) return false;
          await applyPulledRecords(app, tx, connection, connector, chunk, mappingContext, chunkCounts);
          if (!last) return true;
          await updateSyncRunProgress(tx, runId, {
            added: chunkCounts.added,
            updated: chunkCounts.updated,
            unchanged: chunkCounts.unchanged + chunkCounts.stale,
            deleted: chunkCounts.deleted,
            deadLettered: chunkCounts.deadLettered,
            cursorEnd: JSON.stringify(page.cursor),
            // The provider's own count, for the console's progress bar.
            estimatedTotal: page.estimatedTotal ?? null,
            at,
          });
          return true;
          // Serializable: the chunk's records are linked in it (a link decision reads, then writes).
        }, { isolation: 'serializable' });
        if (stillOurs) Object.assign(counts, chunkCounts);
        if (!stillOurs) throw new Error('Lost the sync lease to another worker (this one was presumed dead); stopping without writing');
        if (!last) {
          await new Promise((resolve) => setImmediate(resolve));
          signal?.throwIfAborted();
        }
      }
      await afterRecordsChanged(app, counts.changedRecordIds.slice(before));
      await queueConversationRefresh(app, connection, page.records);
      // A backfill grows the tables faster than autovacuum re-plans them (PostgreSQL only).
      const statistics = await analyzeStaleTables(app.store);
      if (statistics.error) app.logger.warn('could not refresh PostgreSQL statistics between sync pages', { error: statistics.error });
    }
    if (complete) {
      const before = counts.changedRecordIds.length;
      const sweepCounts = { ...counts, changedRecordIds: [...counts.changedRecordIds] };
      await app.store.transaction(async (tx) => {
        Object.assign(sweepCounts, { ...counts, changedRecordIds: [...counts.changedRecordIds] });
        await sweepUnlisted(app, tx, connection, connector, objectType, runId, listed, mappingContext, sweepCounts);
      });
      Object.assign(counts, sweepCounts);
      await afterRecordsChanged(app, counts.changedRecordIds.slice(before));
    }
    const finishedAt = Date.now();
    await updateSyncRun(app.store.db, runId, { status: 'succeeded', finished_at: finishedAt, heartbeat_at: finishedAt });
    // The connection's health is marked after the run's row says it succeeded.
    await updateConnectionSucceeded(app.store.db, connectionId);
    countSyncRun({ provider: connection.provider, objectType, mode, status: 'succeeded', startedAt: now }, counts);
    log.info('sync run finished', { added: counts.added, updated: counts.updated, unchanged: counts.unchanged, deleted: counts.deleted, deadLettered: counts.deadLettered });
    return { status: 'succeeded', runId };
  } catch (caught) {
    const error = describePullFailure(connector, objectType, caught);
    const message = error.message;
    if (error instanceof RateLimitError) {
      // Not a failure: the provider asked for a pause longer than is worth holding a worker for. The
      // run stops at its saved cursor and the job is rescheduled for then (src/jobs/retry-policy.ts).
      const finishedAt = Date.now();
      const resumesAt = finishedAt + error.retryAfterMs;
      await updateSyncRun(app.store.db, runId, { status: 'rate_limited', finished_at: finishedAt, resumes_at: resumesAt, error: message });
      log.info('sync run paused by the provider rate limit', { error: message, resumesAt: new Date(resumesAt).toISOString() });
      throw error;
    }
    await updateSyncRun(app.store.db, runId, { status: 'failed', finished_at: Date.now(), error: message });
    countSyncRun({ provider: connection.provider, objectType, mode, status: 'failed', startedAt: now }, counts);
    log.warn('sync run failed', { error: message });
    throw error;
  } finally {
    clearInterval(heartbeat);
    // A beat in flight finishes before the lease is let go, so it cannot renew a released lease.
    await beating;
    await releaseSyncLease(app.store.db, stream, app.workerId);
  }
}

/**
 * After a complete listing, what was stored but not listed no longer exists at the provider.
 * A listing that returned nothing at all while records are stored is not trusted (a revoked
 * permission looks exactly like that): the sweep is skipped and logged instead.
 */
async function sweepUnlisted(
  app: AppContext,
  tx: Queryable,
  connection: Connection,
  connector: Connector,
  objectType: string,
  runId: number,
  listed: Set<string>,
  mappingContext: MappingContext,
  counts: ApplyCounts,
): Promise<void> {
  const unlisted = (await listLiveExternalIds(tx, connection.id, objectType)).filter((id) => !listed.has(id)).map((id) => ({ id }));
  if (unlisted.length === 0) return;
  if (listed.size === 0) {
    app.logger.warn('full pass listed nothing while records are stored: not treating them as deleted', { connectionId: connection.id, objectType, stored: unlisted.length });
    return;
  }
  const tombstones: PulledRecord[] = unlisted.map(({ id }) => ({ objectType, externalId: id, updatedAt: null, deleted: true, raw: { tombstone: true, id, reason: 'absent from a complete listing' } }));
  await applyPulledRecords(app, tx, connection, connector, tombstones, mappingContext, counts);
  await updateSyncRun(tx, runId, { deleted: counts.deleted });
}
