import type { Db } from '../../db/open-database.js';

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
export function queryAuditLog(db: Db, workspaceId: number, filter: AuditFilter): { rows: AuditRow[]; hasMore: boolean } {
  const where = ['(a.workspace_id = ? OR a.workspace_id IS NULL)'];
  const params: unknown[] = [workspaceId];
  const actor = filter.actor?.trim();
  if (actor) {
    if (actor.includes('@')) {
      where.push(`((a.actor_type = 'staff' AND a.actor_id IN (SELECT CAST(id AS TEXT) FROM staff_users WHERE email = ?)) OR (a.actor_type = 'portal_user' AND a.actor_id IN (SELECT CAST(id AS TEXT) FROM portal_users WHERE email = ?)))`);
      params.push(actor, actor);
    } else {
      const [type, id] = actor.split(':', 2);
      where.push('a.actor_type = ?');
      params.push(type);
      if (id) {
        where.push('a.actor_id = ?');
        params.push(id);
      }
    }
  }
  const action = filter.action?.trim();
  if (action) {
    if (action.endsWith('.')) {
      where.push('substr(a.action, 1, ?) = ?');
      params.push(action.length, action);
    } else {
      where.push('a.action = ?');
      params.push(action);
    }
  }
  if (filter.clientId !== undefined) {
    where.push('a.client_id = ?');
    params.push(filter.clientId);
  }
  if (filter.from !== undefined) {
    where.push('a.at >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('a.at < ?');
    params.push(filter.to);
  }
  const rows = db
    .prepare(
      `SELECT a.id, a.at, a.actor_type AS actorType, a.actor_id AS actorId, a.action, a.subject_type AS subjectType, a.subject_id AS subjectId,
              a.client_id AS clientId, c.name AS clientName, a.ip, a.details,
              CASE a.actor_type WHEN 'staff' THEN (SELECT email FROM staff_users WHERE CAST(id AS TEXT) = a.actor_id)
                                WHEN 'portal_user' THEN (SELECT email FROM portal_users WHERE CAST(id AS TEXT) = a.actor_id) END AS actorEmail
       FROM audit_log a LEFT JOIN clients c ON c.id = a.client_id
       WHERE ${where.join(' AND ')} ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, filter.pageSize + 1, (filter.page - 1) * filter.pageSize) as (Omit<AuditRow, 'details' | 'actorLabel'> & { details: string; actorEmail: string | null })[];
  return {
    hasMore: rows.length > filter.pageSize,
    rows: rows.slice(0, filter.pageSize).map(({ actorEmail, details, ...row }) => ({
      ...row,
      actorLabel: actorEmail ?? (row.actorId ? `${row.actorType}:${row.actorId}` : row.actorType),
      details: JSON.parse(details) as Record<string, unknown>,
    })),
  };
}
