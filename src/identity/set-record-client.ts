import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/cached-statement.js';
import { writeAudit, type AuditEntry } from '../audit/write-audit.js';
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
 * Must run inside the caller's transaction.
 */
export function setRecordClient(db: Db, change: RecordClientChange, now = Date.now()): boolean {
  const current = cachedStatement(db, 'SELECT client_id FROM records WHERE id = ?').get(change.recordId) as { client_id: number | null } | undefined;
  if (!current) throw new Error(`No record ${change.recordId}`);
  const moved = current.client_id !== change.clientId;
  if (moved) cachedStatement(db, 'UPDATE records SET client_id = ? WHERE id = ?').run(change.clientId, change.recordId);
  if (change.method === null) cachedStatement(db, 'DELETE FROM record_links WHERE record_id = ? AND manual = 0').run(change.recordId);
  else cachedStatement(
    db,
    `INSERT INTO record_links (record_id, workspace_id, client_id, method, detail, confidence, manual, decided_by, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (record_id) DO UPDATE SET client_id = excluded.client_id, method = excluded.method, detail = excluded.detail,
       confidence = excluded.confidence, manual = excluded.manual, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
  ).run(change.recordId, change.workspaceId, change.clientId, change.method, JSON.stringify(change.detail), change.confidence, change.manual ? 1 : 0, change.decidedBy, now);
  if (change.audit && (moved || change.manual)) {
    writeAudit(db, {
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
