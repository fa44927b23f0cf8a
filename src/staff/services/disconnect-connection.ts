import type { AppContext } from '../../app/app-context.js';
import { readCredentials } from '../../connections/connection-repository.js';
import { findConnection } from '../../store/connections/find-connection.js';
import { updateConnectionDisconnected } from '../../store/connections/update-connection-disconnected.js';
import { insertAuditEntry } from '../../store/audit/insert-audit-entry.js';
import type { StoredCredentials } from '../../connector-kit/connector.js';
import type { StaffActor } from '../../identity/staff-actor.js';
import { purgeConnectionRecords } from './purge-connection-records.js';
import type { JobName } from '../../jobs/job-queue.js';

/** The connection's jobs that only call its provider: pointless once it is disconnected. */
const DROPPED_ON_DISCONNECT: readonly JobName[] = ['sync.pull', 'records.fetch', 'webhooks.maintain'];

export type Disconnect = { ok: true; purged: number | null; revoked: 'yes' | 'not_supported' | 'failed' | 'nothing_stored' } | { ok: false; reason: 'not_found' | 'confirmation' };

/**
 * Disconnects an account: status 'disconnected' (the scheduler polls only active connections and a
 * queued pull of a disconnected one does nothing), and its stored credentials are erased, so nothing
 * can call the provider with them any more. Synced records stay unless `purge` is asked for, which
 * must be confirmed by typing the provider's name. The grant is then revoked at the provider where it
 * allows it (HubSpot, Salesforce, QuickBooks, Xero, Asana); Stripe keys are the business's to roll.
 */
export async function disconnectConnection(app: AppContext, actor: StaffActor, connectionId: number, options: { purge: boolean; confirmation?: unknown }, now = Date.now()): Promise<Disconnect> {
  // Read the grant before erasing it, to revoke it at the provider afterwards.
  let credentials: StoredCredentials | null = null;
  try {
    credentials = await readCredentials(app.store.db, app.keyring, connectionId);
  } catch {
    credentials = null;
  }
  const local = await app.store.transaction(async (tx): Promise<{ ok: true; purged: number | null; provider: string } | { ok: false; reason: 'not_found' | 'confirmation' }> => {
    const connection = await findConnection(tx, connectionId);
    if (!connection || connection.workspaceId !== app.workspaceId) return { ok: false, reason: 'not_found' };
    if (options.purge && String(options.confirmation ?? '').trim().toLowerCase() !== connection.provider) return { ok: false, reason: 'confirmation' };
    await updateConnectionDisconnected(tx, connectionId, now);
    const purged = options.purge ? await purgeConnectionRecords(tx, connectionId) : null;
    await insertAuditEntry(tx, { workspaceId: app.workspaceId, actorType: actor.type, actorId: actor.id, ip: actor.ip ?? null, action: 'connection.disconnected', subjectType: 'connection', subjectId: connectionId, details: { provider: connection.provider, purgedRecords: purged } }, now);
    return { ok: true, purged, provider: connection.provider };
  });
  if (!local.ok) return local;
  // Pulls already queued for it would only be skipped: drop them now rather than leave them waiting
  // (in whichever runner holds them). The connection is already disconnected, so one that starts
  // meanwhile does nothing; a queue that cannot be reached leaves them to be skipped the same way.
  try {
    await app.jobs.cancelConnectionJobs(connectionId, DROPPED_ON_DISCONNECT);
  } catch (error) {
    app.logger.warn('disconnect: queued jobs of the connection were not dropped; they will be skipped', { connectionId, error: error instanceof Error ? error.message : String(error) });
  }
  // Erased here first, so a provider that cannot be reached never keeps a disconnect from happening;
  // then the grant is revoked where the provider allows it, and the outcome is audited either way.
  const oauth = app.connectors.has(local.provider) ? app.connectors.get(local.provider).oauth : undefined;
  let revoked: 'yes' | 'not_supported' | 'failed' | 'nothing_stored' = 'nothing_stored';
  let reason: string | null = null;
  if (credentials && (credentials.accessToken || credentials.refreshToken)) {
    if (!oauth?.revoke) revoked = 'not_supported';
    else {
      try {
        await oauth.revoke({ credentials, config: app.config });
        revoked = 'yes';
      } catch (error) {
        revoked = 'failed';
        reason = error instanceof Error ? error.message : String(error);
      }
    }
  }
  await insertAuditEntry(app.store.db, { workspaceId: app.workspaceId, actorType: actor.type, actorId: actor.id, ip: actor.ip ?? null, action: revoked === 'failed' ? 'connection.revoke_failed' : 'connection.revoke', subjectType: 'connection', subjectId: connectionId, details: { provider: local.provider, revoked, reason } });
  return { ok: true, purged: local.purged, revoked };
}
