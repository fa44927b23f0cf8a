import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { getConnection } from '../connections/connection-repository.js';
import { buildConnectorContext } from '../connections/build-connector-context.js';
import type { PulledRecord } from '../connector-kit/connector.js';
import { getDeadLetter, resolveDeadLetter } from './dead-letters.js';
import { applyPulledRecords } from './apply-pulled-records.js';
import { afterRecordsChanged } from './after-records-changed.js';
import { writeAudit } from '../audit/write-audit.js';

/**
 * Maps a dead-lettered payload again, as it was stored (no refetch): after a mapping or
 * configuration fix it lands in the cache; if it still fails, it stays open with the new reason.
 */
export async function replayDeadLetter(
  app: AppContext,
  id: number,
  by: { actor: string },
): Promise<{ ok: true; outcome: string } | { ok: false; reason: string }> {
  const letter = getDeadLetter(app.db, id);
  if (!letter || letter.status !== 'open') return { ok: false, reason: 'no open dead letter with that id' };
  if (letter.connectionId == null) return { ok: false, reason: 'the dead letter names no connection' };
  const connection = getConnection(app.db, letter.connectionId);
  if (!connection) return { ok: false, reason: 'its connection no longer exists' };
  const connector = app.connectors.get(connection.provider);
  const context = buildConnectorContext(app, connection);
  const record = letter.payload as PulledRecord;
  const result = writeTransaction(app.db, () => {
    const counts = applyPulledRecords(app.db, connection, connector, [record], { metadata: context.metadata, config: app.config }, undefined, { replayingDeadLetter: id });
    if (counts.deadLettered > 0) {
      const again = app.db.prepare(`SELECT reason FROM dead_letters WHERE status = 'open' AND connection_id = ? AND object_type = ? AND external_id = ? ORDER BY id DESC`).get(connection.id, record.objectType, record.externalId) as { reason: string };
      return { ok: false as const, reason: again.reason, counts };
    }
    resolveDeadLetter(app.db, id, 'replayed', null);
    writeAudit(app.db, { workspaceId: letter.workspaceId, actorType: by.actor === 'cli' ? 'cli' : 'staff', actorId: by.actor, action: 'dead_letter.replayed', subjectType: 'dead_letter', subjectId: id });
    const outcome = counts.added ? 'added' : counts.updated ? 'updated' : counts.deleted ? 'deleted' : 'unchanged (a newer version is already stored)';
    return { ok: true as const, outcome, counts };
  });
  if (result.ok) await afterRecordsChanged(app, result.counts.changedRecordIds);
  return result.ok ? { ok: true, outcome: result.outcome } : { ok: false, reason: result.reason };
}
