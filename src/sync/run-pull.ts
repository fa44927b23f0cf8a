import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { cachedStatement } from '../db/cached-statement.js';
import { getConnection, markConnectionSucceeded } from '../connections/connection-repository.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import { applyPulledRecords, emptyCounts } from './apply-pulled-records.js';
import { afterRecordsChanged } from './after-records-changed.js';
import { queueConversationRefresh } from '../conversations/refresh-conversation.js';
import { RateLimitError } from './sync-errors.js';
import { describePullFailure } from './describe-pull-failure.js';
import type { ApplyCounts } from './apply-pulled-records.js';
import { countSyncRun } from '../metrics/count-sync-run.js';
import type { Connection } from '../connections/connection-repository.js';
import type { Connector, MappingContext, PulledRecord } from '../connector-kit/connector.js';

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
  const connection = getConnection(app.db, connectionId);
  if (!connection) return { status: 'skipped', runId: null, reason: 'connection not found' };
  if (connection.status === 'disconnected') return { status: 'skipped', runId: null, reason: 'connection disconnected' };
  const connector = app.connectors.get(connection.provider);
  if (!connector.objectTypes.some((t) => t.objectType === objectType)) {
    throw new Error(`${connector.provider} has no object type "${objectType}"`);
  }
  const leaseMs = app.config.jobs.lockMs * 2;
  const now = Date.now();

  const started = writeTransaction(app.db, () => {
    app.db
      .prepare(`INSERT INTO sync_cursors (connection_id, object_type, cursor, updated_at) VALUES (?, ?, NULL, ?) ON CONFLICT DO NOTHING`)
      .run(connectionId, objectType, now);
    const leased = app.db
      .prepare(
        `UPDATE sync_cursors SET lease_owner = ?, lease_until = ?
         WHERE connection_id = ? AND object_type = ? AND (lease_owner IS NULL OR lease_until < ?)`,
      )
      .run(app.workerId, now + leaseMs, connectionId, objectType, now).changes;
    if (leased === 0) return null;
    // A run left "running" by a dead worker is closed here and this run resumes from its cursor.
    const orphan = app.db
      .prepare(
        `UPDATE sync_runs SET status = 'interrupted', finished_at = ?, error = 'The worker running this sync stopped; resumed by a later run'
         WHERE connection_id = ? AND object_type = ? AND status = 'running' RETURNING id`,
      )
      .get(now, connectionId, objectType) as { id: number } | undefined;
    const cursorRow = app.db
      .prepare('SELECT cursor FROM sync_cursors WHERE connection_id = ? AND object_type = ?')
      .get(connectionId, objectType) as { cursor: string | null };
    // A backfill starts from nothing unless it resumes a backfill that a dead worker left unfinished.
    const previous = app.db
      .prepare('SELECT id, mode, status FROM sync_runs WHERE connection_id = ? AND object_type = ? ORDER BY id DESC LIMIT 1')
      .get(connectionId, objectType) as { id: number; mode: string; status: string } | undefined;
    // A backfill a provider's rate limit stopped resumes from its cursor too: starting over would spend the allowance again.
    const resumeFrom = previous?.mode === 'backfill' && (previous.status === 'interrupted' || previous.status === 'rate_limited') ? previous.id : null;
    const cursor = mode === 'backfill' && resumeFrom === null ? null : cursorRow.cursor;
    const run = app.db
      .prepare(
        `INSERT INTO sync_runs (connection_id, object_type, mode, status, worker_id, started_at, heartbeat_at, cursor_start, resumed_from_run_id)
         VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(connectionId, objectType, mode, app.workerId, now, now, cursor, orphan?.id ?? resumeFrom) as { id: number };
    return { runId: run.id, cursor: cursor == null ? null : (JSON.parse(cursor) as unknown) };
  });
  if (!started) return { status: 'skipped', runId: null, reason: 'another worker is syncing this object' };

  const { runId } = started;
  const log = app.logger.child({ runId, connectionId, objectType, mode });
  const context = buildConnectorContext(app, connection);
  const counts = emptyCounts();
  log.info('sync run started');
  // A page can take longer than the lease: a provider's rate limit waited out in place, pacing. While
  // this process works on the run it keeps the lease and the run's heartbeat fresh, so no other worker
  // presumes it dead mid-wait; a worker that really died stops renewing, and is taken over as before.
  const renewLease = app.db.prepare(`UPDATE sync_cursors SET lease_until = ? WHERE connection_id = ? AND object_type = ? AND lease_owner = ?`);
  const beat = app.db.prepare(`UPDATE sync_runs SET heartbeat_at = ? WHERE id = ? AND status = 'running'`);
  const heartbeat = setInterval(() => {
    try {
      renewLease.run(Date.now() + leaseMs, connectionId, objectType, app.workerId);
      beat.run(Date.now(), runId);
    } catch (error) {
      // A busy database now is not a reason to end the process: the next beat tries again.
      log.warn('sync run heartbeat failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }, Math.max(50, Math.floor(leaseMs / 4)));
  heartbeat.unref();
  try {
    await connector.refreshMetadata?.(context);
    const mappingContext = { metadata: context.metadata, config: app.config };
    const pages = connector.pull(context, objectType, { cursor: started.cursor, overlapMs: app.config.syncOverlapSeconds * 1000 });
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
        const stillOurs = writeTransaction(app.db, () => {
          const renewed = last
            ? cachedStatement(app.db, `UPDATE sync_cursors SET cursor = ?, updated_at = ?, lease_until = ? WHERE connection_id = ? AND object_type = ? AND lease_owner = ?`)
                .run(JSON.stringify(page.cursor), Date.now(), Date.now() + leaseMs, connectionId, objectType, app.workerId).changes
            : cachedStatement(app.db, `UPDATE sync_cursors SET lease_until = ? WHERE connection_id = ? AND object_type = ? AND lease_owner = ?`)
                .run(Date.now() + leaseMs, connectionId, objectType, app.workerId).changes;
          if (renewed === 0) return false;
          applyPulledRecords(app.db, connection, connector, chunk, mappingContext, counts);
          if (!last) return true;
          cachedStatement(
            app.db,
            `UPDATE sync_runs SET pages = pages + 1, added = ?, updated = ?, unchanged = ?, deleted = ?, dead_lettered = ?,
               heartbeat_at = ?, cursor_end = ?, estimated_total = COALESCE(?, estimated_total) WHERE id = ?`,
          )
            // estimated_total: the provider's own count, for the console's progress bar.
            .run(counts.added, counts.updated, counts.unchanged + counts.stale, counts.deleted, counts.deadLettered, Date.now(), JSON.stringify(page.cursor), page.estimatedTotal ?? null, runId);
          return true;
        });
        if (!stillOurs) throw new Error('Lost the sync lease to another worker (this one was presumed dead); stopping without writing');
        if (!last) {
          await new Promise((resolve) => setImmediate(resolve));
          signal?.throwIfAborted();
        }
      }
      await afterRecordsChanged(app, counts.changedRecordIds.slice(before));
      await queueConversationRefresh(app, connection, page.records);
    }
    if (complete) {
      const before = counts.changedRecordIds.length;
      writeTransaction(app.db, () => sweepUnlisted(app, connection, connector, objectType, runId, listed, mappingContext, counts));
      await afterRecordsChanged(app, counts.changedRecordIds.slice(before));
    }
    writeTransaction(app.db, () => {
      app.db.prepare(`UPDATE sync_runs SET status = 'succeeded', finished_at = ?, heartbeat_at = ? WHERE id = ?`).run(Date.now(), Date.now(), runId);
      markConnectionSucceeded(app.db, connectionId);
    });
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
      app.db.prepare(`UPDATE sync_runs SET status = 'rate_limited', finished_at = ?, resumes_at = ?, error = ? WHERE id = ?`).run(finishedAt, resumesAt, message, runId);
      log.info('sync run paused by the provider rate limit', { error: message, resumesAt: new Date(resumesAt).toISOString() });
      throw error;
    }
    app.db.prepare(`UPDATE sync_runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?`).run(Date.now(), message, runId);
    countSyncRun({ provider: connection.provider, objectType, mode, status: 'failed', startedAt: now }, counts);
    log.warn('sync run failed', { error: message });
    throw error;
  } finally {
    clearInterval(heartbeat);
    app.db
      .prepare(`UPDATE sync_cursors SET lease_owner = NULL, lease_until = NULL WHERE connection_id = ? AND object_type = ? AND lease_owner = ?`)
      .run(connectionId, objectType, app.workerId);
  }
}

/**
 * After a complete listing, what was stored but not listed no longer exists at the provider.
 * A listing that returned nothing at all while records are stored is not trusted (a revoked
 * permission looks exactly like that): the sweep is skipped and logged instead.
 */
function sweepUnlisted(
  app: AppContext,
  connection: Connection,
  connector: Connector,
  objectType: string,
  runId: number,
  listed: Set<string>,
  mappingContext: MappingContext,
  counts: ApplyCounts,
): void {
  const unlisted = (
    app.db.prepare('SELECT external_id AS id FROM records WHERE connection_id = ? AND object_type = ? AND deleted = 0').all(connection.id, objectType) as { id: string }[]
  ).filter(({ id }) => !listed.has(id));
  if (unlisted.length === 0) return;
  if (listed.size === 0) {
    app.logger.warn('full pass listed nothing while records are stored: not treating them as deleted', { connectionId: connection.id, objectType, stored: unlisted.length });
    return;
  }
  const tombstones: PulledRecord[] = unlisted.map(({ id }) => ({ objectType, externalId: id, updatedAt: null, deleted: true, raw: { tombstone: true, id, reason: 'absent from a complete listing' } }));
  applyPulledRecords(app.db, connection, connector, tombstones, mappingContext, counts);
  app.db.prepare('UPDATE sync_runs SET deleted = ? WHERE id = ?').run(counts.deleted, runId);
}
