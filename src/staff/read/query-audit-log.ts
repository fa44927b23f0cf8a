import type { Queryable } from '../../store/store.js';
import { listAuditEntries, type AuditQuery } from '../../store/audit/list-audit-entries.js';

export interface AuditFilter {
  /** "staff:3", "cli", "portal_user:12", or a staff member's email. */
  actor?: string;
  /** An exact action, or a prefix ending in "." ("connection."). */
  action?: string;
  clientId?: number;
  from?: number;
  to?: number;
  page: number;
  pageSize: number;
}

export interface AuditRow {
  id: number;
  at: number;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  clientId: number | null;
  clientName: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** The audit log, newest first, filtered and paginated in SQL (the log grows without bound). */
export async function queryAuditLog(q: Queryable, workspaceId: number, filter: AuditFilter): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
  const query: AuditQuery = { workspaceId, limit: filter.pageSize + 1, offset: (filter.page - 1) * filter.pageSize };
  const actor = filter.actor?.trim();
  if (actor) {
    if (actor.includes('@')) query.actorEmail = actor;
    else {
      const [type, id] = actor.split(':', 2);
      query.actorType = type;
      if (id) query.actorId = id;
    }
  }
  const action = filter.action?.trim();
  if (action) {
    if (action.endsWith('.')) query.actionPrefix = action;
    else query.action = action;
  }
  if (filter.clientId !== undefined) query.clientId = filter.clientId;
  if (filter.from !== undefined) query.from = filter.from;
  if (filter.to !== undefined) query.to = filter.to;
  const rows = await listAuditEntries(q, query);
  return {
    hasMore: rows.length > filter.pageSize,
    rows: rows.slice(0, filter.pageSize).map(({ actorEmail, details, ...row }) => ({
      ...row,
      actorLabel: actorEmail ?? (row.actorId ? `${row.actorType}:${row.actorId}` : row.actorType),
      details: JSON.parse(details) as Record<string, unknown>,
    })),
  };
}
