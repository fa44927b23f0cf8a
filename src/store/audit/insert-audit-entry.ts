import type { AuditEntry } from '../../audit/write-audit.js';
import type { Queryable } from '../store.js';

/**
 * The store's audit writer: call it with the transaction of the change it describes, so the log
 * never disagrees with the data (the same row `writeAudit` writes through the SQLite handle).
 */
export async function insertAuditEntry(q: Queryable, entry: AuditEntry, at = Date.now()): Promise<void> {
  await q
    .insertInto('audit_log')
    .values({
      workspace_id: entry.workspaceId,
      at,
      actor_type: entry.actorType,
      actor_id: entry.actorId == null ? null : String(entry.actorId),
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId == null ? null : String(entry.subjectId),
      client_id: entry.clientId ?? null,
      ip: entry.ip ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
