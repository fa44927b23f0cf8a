import type { AppContext } from '../app/app-context.js';
import { findConnection } from '../store/connections/find-connection.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import type { PulledRecord } from '../connector-kit/connector.js';
import { getDeadLetter, resolveDeadLetter } from './dead-letters.js';
import { applyPulledRecords } from './apply-pulled-records.js';
import { afterRecordsChanged } from './after-records-changed.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { listOpenDeadLettersForRecord } from '../store/sync/list-open-dead-letters-for-record.js';
import { PORTAL_ACTION_OBJECT_TYPE } from '../outbox/perform-portal-action.js';
import { retryPortalAction } from '../outbox/retry-portal-action.js';

/**
 * Maps a dead-lettered payload again, as it was stored (no refetch): after a mapping or
 * configuration fix it lands in the cache; if it still fails, it stays open with the new reason.
 */
export async function replayDeadLetter(
  app: AppContext,
  id: number,
  by: { actor: string },
): Promise<{ ok: true; outcome: string } | { ok: false; reason: string }> {
  const letter = await getDeadLetter(app.store.db, id);
  if (!letter || letter.status !== 'open') return { ok: false, reason: 'no open dead letter with that id' };
  // An undelivered portal action is performed again through the outbox, not mapped.
  if (letter.objectType === PORTAL_ACTION_OBJECT_TYPE && letter.externalId != null) {
    const retried = await retryPortalAction(app, Number(letter.externalId), by);
    return retried.ok ? { ok: true, outcome: 'queued again for delivery' } : retried;
  }
  if (letter.connectionId == null) return { ok: false, reason: 'the dead letter names no connection' };
  const connection = await findConnection(app.store.db, letter.connectionId);
  if (!connection) return { ok: false, reason: 'its connection no longer exists' };
  const connector = app.connectors.get(connection.provider);
  const context = await buildConnectorContext(app, connection);
  const record = letter.payload as PulledRecord;
  const result = await app.store.transaction(async (tx) => {
    const counts = await applyPulledRecords(app, tx, connection, connector, [record], { metadata: context.metadata, config: app.config }, undefined, { replayingDeadLetter: id });
    if (counts.deadLettered > 0) {
      const [again] = await listOpenDeadLettersForRecord(tx, connection.id, record.objectType, record.externalId);
      return { ok: false as const, reason: again!.reason, counts };
    }
    await resolveDeadLetter(tx, id, 'replayed', null);
    await insertAuditEntry(tx, { workspaceId: letter.workspaceId, actorType: by.actor === 'cli' ? 'cli' : 'staff', actorId: by.actor, action: 'dead_letter.replayed', subjectType: 'dead_letter', subjectId: id });
    const outcome = counts.added ? 'added' : counts.updated ? 'updated' : counts.deleted ? 'deleted' : 'unchanged (a newer version is already stored)';
    return { ok: true as const, outcome, counts };
  }, { isolation: 'serializable' });
  if (result.ok) await afterRecordsChanged(app, result.counts.changedRecordIds);
  return result.ok ? { ok: true, outcome: result.outcome } : { ok: false, reason: result.reason };
}
