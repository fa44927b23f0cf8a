import type { AppContext } from '../app/app-context.js';
import { listConnections, getConnection } from '../connections/connection-repository.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import type { PulledRecord, StreamBatch } from '../connector-kit/connector.js';
import { fetchAndApply } from './fetch-and-apply.js';

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

  const release = (connectionId: number) =>
    app.db.prepare(`UPDATE sync_cursors SET lease_owner = NULL, lease_until = NULL WHERE connection_id = ? AND object_type = ? AND lease_owner = ?`).run(connectionId, STREAM_CURSOR, app.workerId);

  const closeStream = async (connectionId: number) => {
    const stream = open.get(connectionId);
    open.delete(connectionId);
    await stream?.close().catch(() => {});
    release(connectionId);
  };

  const applyBatch = async (connectionId: number, batch: StreamBatch) => {
    if (batch.gap) {
      app.logger.warn('change stream reported a gap: polling', { connectionId, objectType: batch.objectType });
      await app.jobs.enqueue('sync.pull', { connectionId, objectType: batch.objectType, mode: 'incremental' }, { dedupeKey: `pull:${connectionId}:${batch.objectType}` });
    } else {
      const tombstones: PulledRecord[] = batch.deleted.map(({ id, at }) => ({ objectType: batch.objectType, externalId: id, updatedAt: at, deleted: true, raw: { tombstone: true, id } }));
      await fetchAndApply(app, connectionId, batch.objectType, batch.changedIds, tombstones);
    }
    app.db.prepare(`UPDATE sync_cursors SET cursor = ?, updated_at = ? WHERE connection_id = ? AND object_type = ?`).run(JSON.stringify(batch.position), Date.now(), connectionId, STREAM_CURSOR);
  };

  const check = async () => {
    if (stopped) return;
    const now = Date.now();
    for (const connection of listConnections(app.db, { status: 'active' })) {
      if (!app.connectors.has(connection.provider)) continue;
      const connector = app.connectors.get(connection.provider);
      if (!connector.stream) continue;
      app.db.prepare(`INSERT INTO sync_cursors (connection_id, object_type, cursor, updated_at) VALUES (?, ?, NULL, ?) ON CONFLICT DO NOTHING`).run(connection.id, STREAM_CURSOR, now);
      const held = app.db
        .prepare(`UPDATE sync_cursors SET lease_owner = ?, lease_until = ? WHERE connection_id = ? AND object_type = ? AND (lease_owner IS NULL OR lease_until < ? OR lease_owner = ?)`)
        .run(app.workerId, now + leaseMs, connection.id, STREAM_CURSOR, now, app.workerId).changes;
      if (held === 0) {
        if (open.has(connection.id)) await closeStream(connection.id);
        continue;
      }
      if (open.has(connection.id) && !failed.has(connection.id)) continue;
      if (failed.delete(connection.id)) await closeStream(connection.id);
      const row = app.db.prepare('SELECT cursor FROM sync_cursors WHERE connection_id = ? AND object_type = ?').get(connection.id, STREAM_CURSOR) as { cursor: string | null };
      try {
        const stream = await connector.stream(buildConnectorContext(app, connection), {
          resumeFrom: row.cursor ? (JSON.parse(row.cursor) as unknown) : null,
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
        release(connection.id);
      }
    }
    // Streams of connections that were disconnected or went unhealthy are closed.
    for (const connectionId of [...open.keys()]) {
      if (getConnection(app.db, connectionId)?.status !== 'active') await closeStream(connectionId);
    }
  };

  const timer = setInterval(() => void check().catch((error: unknown) => app.logger.error('change stream check failed', { error: String(error) })), checkEveryMs);
  timer.unref();
  const ready = check().catch((error: unknown) => app.logger.error('change stream check failed', { error: String(error) }));
  return {
    check,
    ready,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all([...open.keys()].map(closeStream));
    },
  };
}
