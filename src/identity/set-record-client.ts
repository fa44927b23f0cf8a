import type { Queryable } from '../store/store.js';
import type { AuditEntry } from '../audit/write-audit.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { findRecordClient } from '../store/identity/find-record-client.js';
import { updateRecordClient } from '../store/records/update-record-client.js';
import { deleteRecordLink } from '../store/identity/delete-record-link.js';
import { upsertRecordLink } from '../store/identity/upsert-record-link.js';
import type { LinkMethod } from './identity-rules.js';

export interface RecordClientChange {
  recordId: number;
  workspaceId: number;
  /** null: the record belongs to no client (shown to nobody). */
  clientId: number | null;
  /** null: no decision stands any more (a rule's link withdrawn): the record_links row goes. */
  method: LinkMethod | null;
  confidence: number;
  detail: Record<string, unknown>;
  manual: boolean;
  decidedBy: string | null;
  /** Written in the same transaction when given: manual decisions and rule decisions on provider identities. */
  audit?: Pick<AuditEntry, 'actorType' | 'actorId' | 'action' | 'ip'>;
}

/**
 * The one place a record's client changes: records.client_id (what the portal reads) and its
 * record_links row (how it was decided) move together. Returns whether the client changed.
 * Must run inside the caller's transaction. `current` is the record's client as the caller just
 * read it in that transaction (resolveLinks holds it): then it is not read again.
 */
export async function setRecordClient(q: Queryable, change: RecordClientChange, now = Date.now(), current?: { client_id: number | null }): Promise<boolean> {
  if (!current) {
    const found = await findRecordClient(q, change.recordId);
    if (!found) throw new Error(`No record ${change.recordId}`);
    current = { client_id: found.clientId };
  }
  const moved = current.client_id !== change.clientId;
  if (moved) await updateRecordClient(q, change.recordId, change.clientId);
  if (change.method === null) await deleteRecordLink(q, change.recordId, { onlyRule: true });
  else await upsertRecordLink(q, { recordId: change.recordId, workspaceId: change.workspaceId, clientId: change.clientId, method: change.method, detail: JSON.stringify(change.detail), confidence: change.confidence, manual: change.manual, decidedBy: change.decidedBy, decidedAt: now });
  if (change.audit && (moved || change.manual)) {
    await insertAuditEntry(q, {
      workspaceId: change.workspaceId,
      ...change.audit,
      subjectType: 'record',
      subjectId: change.recordId,
      clientId: change.clientId ?? current.client_id,
      details: { from: current.client_id, to: change.clientId, method: change.method, ...change.detail },
    }, now);
  }
  return moved;
}
