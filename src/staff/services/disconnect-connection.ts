import type { AppContext } from '../../app/app-context.js';
import { writeTransaction } from '../../db/open-database.js';
import { writeAudit } from '../../audit/write-audit.js';
import { getConnection } from '../../connections/connection-repository.js';
import type { StaffActor } from '../../identity/staff-actor.js';
import { purgeConnectionRecords } from './purge-connection-records.js';

export type Disconnect = { ok: true; purged: number | null } | { ok: false; reason: 'not_found' | 'confirmation' };

/**
 * Disconnects an account: status 'disconnected' (the scheduler polls only active connections and a
 * queued pull of a disconnected one does nothing), and its stored credentials are erased, so nothing
 * can call the provider with them any more. Synced records stay unless `purge` is asked for, which
 * must be confirmed by typing the provider's name.
 */
export function disconnectConnection(app: AppContext, actor: StaffActor, connectionId: number, options: { purge: boolean; confirmation?: unknown }, now = Date.now()): Disconnect {
  return writeTransaction(app.db, (): Disconnect => {
    const connection = getConnection(app.db, connectionId);
    if (!connection || connection.workspaceId !== app.workspaceId) return { ok: false, reason: 'not_found' };
    if (options.purge && String(options.confirmation ?? '').trim().toLowerCase() !== connection.provider) return { ok: false, reason: 'confirmation' };
    app.db.prepare(`UPDATE connections SET status = 'disconnected', credentials_sealed = NULL, updated_at = ? WHERE id = ?`).run(now, connectionId);
    // Pulls already queued for it would only be skipped: drop them now rather than leave them waiting.
    app.db.prepare(`DELETE FROM jobs WHERE status = 'queued' AND name IN ('sync.pull', 'records.fetch', 'webhooks.maintain') AND json_extract(payload, '$.connectionId') = ?`).run(connectionId);
    const purged = options.purge ? purgeConnectionRecords(app.db, connectionId) : null;
    writeAudit(app.db, { workspaceId: app.workspaceId, actorType: actor.type, actorId: actor.id, ip: actor.ip ?? null, action: 'connection.disconnected', subjectType: 'connection', subjectId: connectionId, details: { provider: connection.provider, purgedRecords: purged } }, now);
    return { ok: true, purged };
  });
}
