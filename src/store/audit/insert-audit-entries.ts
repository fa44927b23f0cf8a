import type { AuditEntry } from '../../audit/audit-entry.js';
import type { Queryable } from '../store.js';

/**
 * Many audit rows at once, in the order given (90 a statement): the decisions of one sync page,
 * written in the transaction that made them. One row: insertAuditEntry.
 */
export async function insertAuditEntries(q: Queryable, entries: { entry: AuditEntry; at: number }[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 90) {
    await q
      .insertInto('audit_log')
      .values(
        entries.slice(i, i + 90).map(({ entry, at }) => ({
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
        })),
      )
      .execute();
  }
}
