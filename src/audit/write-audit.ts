import type { Db } from '../db/open-database.js';

export interface AuditEntry {
  workspaceId: number | null;
  actorType: 'system' | 'staff' | 'portal_user' | 'provider' | 'cli';
  actorId?: string | number | null;
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  clientId?: number | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Call inside the same transaction as the change it describes, so the log never disagrees with the data. */
export function writeAudit(db: Db, entry: AuditEntry, at = Date.now()): void {
  db.prepare(
    `INSERT INTO audit_log (workspace_id, at, actor_type, actor_id, action, subject_type, subject_id, client_id, ip, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    entry.workspaceId,
    at,
    entry.actorType,
    entry.actorId == null ? null : String(entry.actorId),
    entry.action,
    entry.subjectType ?? null,
    entry.subjectId == null ? null : String(entry.subjectId),
    entry.clientId ?? null,
    entry.ip ?? null,
    JSON.stringify(entry.details ?? {}),
  );
}
