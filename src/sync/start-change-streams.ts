import type { AppContext } from '../app/app-context.js';
import { listConnections } from '../store/connections/list-connections.js';
import { findConnection } from '../store/connections/find-connection.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import type { PulledRecord, StreamBatch } from '../connector-kit/connector.js';
import { fetchAndApply } from './fetch-and-apply.js';
import { ensureSyncCursor } from '../store/sync/ensure-sync-cursor.js';
import { takeSyncLease } from '../store/sync/take-sync-lease.js';
import { releaseSyncLease } from '../store/sync/release-sync-lease.js';
import { findSyncCursor } from '../store/sync/find-sync-cursor.js';
import { saveSyncCursor } from '../store/sync/save-sync-cursor.js';

/** The cursor row that holds a connection's stream position and its lease. */
export const STREAM_CURSOR = '$stream';

interface OpenStream {
  close(): Promise<void>;
}

/**
 * Keeps each connection's push stream (Salesforce CDC) open in exactly one process: a lease on
 * the connection's `$stream` cursor row decides who holds it, is renewed on every check, and
 * is taken over when its holder dies. Batches are applied in order and the replay position
 * is saved after each, so a restart resumes where the last applied event left off.
 */
export function startChangeStreams(
  app: AppContext,
  options: { checkEveryMs?: number } = {},
): { stop(): Promise<void>; check(): Promise<void>; /** Settles once the first check has opened what it could. */ ready: Promise<void> } {
  const checkEveryMs = options.checkEveryMs ?? 30_000;
  const leaseMs = checkEveryMs * 3;
  const open = new Map<number, OpenStream>();
  const failed = new Set<number>();
  let stopped = false;

  const release = (connectionId: number) => releaseSyncLease(app.store.db, { connectionId, objectType: STREAM_CURSOR }, app.workerId);

  const closeStream = async (connectionId: number) => {
    const stream = open.get(connectionId);
    open.delete(connectionId);
    await stream?.close().catch(() => {});
    await release(connectionId);
  };

  const applyBatch = async (connectionId: number, batch: StreamBatch) => {
    if (batch.gap) {
      app.logger.warn('change stream reported a gap: polling', { connectionId, objectType: batch.objectType });
      await app.jobs.enqueue('sync.pull', { connectionId, objectType: batch.objectType, mode: 'incremental' }, { dedupeKey: `pull:${connectionId}:${batch.objectType}` });
    } else {
      const tombstones: PulledRecord[] = batch.deleted.map(({ id, at }) => ({ objectType: batch.objectType, externalId: id, updatedAt: at, deleted: true, raw: { tombstone: true, id } }));
      await fetchAndApply(app, connectionId, batch.objectType, batch.changedIds, tombstones);
    }
    await saveSyncCursor(app.store.db, connectionId, STREAM_CURSOR, JSON.stringify(batch.position), Date.now());
  };

  const runCheck = async () => {
    if (stopped) return;
    const now = Date.now();
    for (const connection of await listConnections(app.store.db, { status: 'active' })) {
      if (stopped) return;
      if (!app.connectors.has(connection.provider)) continue;
      const connector = app.connectors.get(connection.provider);
      if (!connector.stream) continue;
      await ensureSyncCursor(app.store.db, connection.id, STREAM_CURSOR, now);
      const held = await takeSyncLease(app.store.db, { connectionId: connection.id, objectType: STREAM_CURSOR }, app.workerId, now + leaseMs, now, { renewOwn: true });
      if (!held) {
        if (open.has(connection.id)) await closeStream(connection.id);
        continue;
      }
      if (open.has(connection.id) && !failed.has(connection.id)) continue;
      if (failed.delete(connection.id)) await closeStream(connection.id);
      const saved = (await findSyncCursor(app.store.db, connection.id, STREAM_CURSOR)) ?? null;
      try {
        const stream = await connector.stream(await buildConnectorContext(app, connection), {
          resumeFrom: saved ? (JSON.parse(saved) as unknown) : null,
          onBatch: (batch) => applyBatch(connection.id, batch),
          onError: (error) => {
            app.logger.warn('change stream failed; reopening on the next check', { connectionId: connection.id, error: error.message });
            failed.add(connection.id);
          },
        });
        open.set(connection.id, stream);
        app.logger.info('change stream open', { connectionId: connection.id, provider: connection.provider });
      } catch (error) {
        app.logger.warn('could not open change stream', { connectionId: connection.id, error: error instanceof Error ? error.message : String(error) });
        await release(connection.id);
      }
    }
    // Streams of connections that were disconnected or went unhealthy are closed.
    for (const connectionId of [...open.keys()]) {
      if ((await findConnection(app.store.db, connectionId))?.status !== 'active') await closeStream(connectionId);
    }
  };

  // One check at a time. A check can outlast the interval (a slow subscription handshake, a slow
  // store): an overlapping one would see no open stream yet, open a second for the same connection
  // and leak the first, whose batches then save replay positions out of order.
  let inFlight: Promise<void> | null = null;
  const check = async (): Promise<void> => {
    while (inFlight) await inFlight.catch(() => {});
    inFlight = runCheck();
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
  };

  const timer = setInterval(() => {
    if (!inFlight) void check().catch((error: unknown) => app.logger.error('change stream check failed', { error: String(error) }));
  }, checkEveryMs);
  timer.unref();
  const ready = check().catch((error: unknown) => app.logger.error('change stream check failed', { error: String(error) }));
  return {
    check,
    ready,
    async stop() {
      stopped = true;
      clearInterval(timer);
      // A check under way may still be opening a stream: it lands in `open` and is closed here.
      await inFlight?.catch(() => {});
      await Promise.all([...open.keys()].map(closeStream));
    },
  };
}
