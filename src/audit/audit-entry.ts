/** One audit-log row, as written by insertAuditEntry / insertAuditEntries (src/store/audit/) in the transaction of the change it describes. */
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
