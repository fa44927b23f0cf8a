import type { AppContext } from '../../app/app-context.js';
import { findConnection } from '../../store/connections/find-connection.js';
import { updateConnectionStatus } from '../../store/connections/update-connection-status.js';
import { findSyncCursor } from '../../store/sync/find-sync-cursor.js';
import { insertAuditEntry } from '../../store/audit/insert-audit-entry.js';
import type { StaffActor } from '../../identity/staff-actor.js';

export type SyncRequest = { ok: true; enqueued: string[] } | { ok: false; reason: 'not_found' | 'not_active' | 'unknown_object' };

/**
 * Run now (incremental, from the saved cursor) or Full resync (a backfill from the beginning) for
 * one object type, or all of a connection's in pull order. An unhealthy connection is set active
 * again: asking for a run is how staff say "fixed, try again".
 */
export async function runSyncNow(app: AppContext, actor: StaffActor, input: { connectionId: number; objectType?: string; full: boolean }, now = Date.now()): Promise<SyncRequest> {
  const q = app.store.db;
  const connection = await findConnection(q, input.connectionId);
  if (!connection || connection.workspaceId !== app.workspaceId || !app.connectors.has(connection.provider)) return { ok: false, reason: 'not_found' };
  if (connection.status === 'disconnected') return { ok: false, reason: 'not_active' };
  const declared = [...app.connectors.get(connection.provider).objectTypes].sort((a, b) => a.order - b.order).map((t) => t.objectType);
  if (input.objectType !== undefined && !declared.includes(input.objectType)) return { ok: false, reason: 'unknown_object' };
  const objectTypes = input.objectType ? [input.objectType] : declared;
  const mode = input.full ? 'backfill' : 'incremental';
  await updateConnectionStatus(q, connection.id, 'active', now, { onlyFrom: 'unhealthy' });
  for (const objectType of objectTypes) {
    const hasCursor = (await findSyncCursor(q, connection.id, objectType)) != null;
    await app.jobs.enqueue('sync.pull', { connectionId: connection.id, objectType, mode: hasCursor ? mode : 'backfill' }, { dedupeKey: `pull:${connection.id}:${objectType}` });
  }
  await insertAuditEntry(q, { workspaceId: app.workspaceId, actorType: actor.type, actorId: actor.id, ip: actor.ip ?? null, action: input.full ? 'sync.full_resync_requested' : 'sync.run_requested', subjectType: 'connection', subjectId: connection.id, details: { provider: connection.provider, objectTypes } }, now);
  return { ok: true, enqueued: objectTypes };
}
