import { sql } from 'kysely';
import type { Queryable } from '../store.js';

export interface AuditQuery {
  workspaceId: number;
  /** An actor's e-mail (staff or portal user), matched case-insensitively like the e-mail columns. */
  actorEmail?: string;
  actorType?: string;
  actorId?: string;
  action?: string;
  /** A prefix of the action ("connection."). */
  actionPrefix?: string;
  clientId?: number;
  from?: number;
  to?: number;
  limit: number;
  offset: number;
}

export interface AuditEntryRow {
  id: number;
  at: number;
  actorType: string;
  actorId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  clientId: number | null;
  clientName: string | null;
  ip: string | null;
  details: string;
  actorEmail: string | null;
}

/** The audit log of a workspace (and the entries of no workspace), newest first, filtered and paged in SQL. */
export async function listAuditEntries(q: Queryable, query: AuditQuery): Promise<AuditEntryRow[]> {
  let select = q
    .selectFrom('audit_log as a')
    .leftJoin('clients as c', 'c.id', 'a.client_id')
    .select((eb) => [
      'a.id',
      'a.at',
      'a.actor_type as actorType',
      'a.actor_id as actorId',
      'a.action',
      'a.subject_type as subjectType',
      'a.subject_id as subjectId',
      'a.client_id as clientId',
      'c.name as clientName',
      'a.ip',
      'a.details',
      eb
        .case('a.actor_type')
        .when('staff')
        .then(eb.selectFrom('staff_users as s').select('s.email').where((w) => w(w.cast('s.id', 'text'), '=', w.ref('a.actor_id'))))
        .when('portal_user')
        .then(eb.selectFrom('portal_users as p').select('p.email').where((w) => w(w.cast('p.id', 'text'), '=', w.ref('a.actor_id'))))
        .end()
        .as('actorEmail'),
    ])
    .where((eb) => eb.or([eb('a.workspace_id', '=', query.workspaceId), eb('a.workspace_id', 'is', null)]));
  if (query.actorEmail !== undefined) {
    const email = query.actorEmail;
    select = select.where((eb) =>
      eb.or([
        eb.and([eb('a.actor_type', '=', 'staff'), eb('a.actor_id', 'in', eb.selectFrom('staff_users').select((s) => s.cast<string>('id', 'text').as('id')).where('email', '=', email))]),
        eb.and([eb('a.actor_type', '=', 'portal_user'), eb('a.actor_id', 'in', eb.selectFrom('portal_users').select((s) => s.cast<string>('id', 'text').as('id')).where('email', '=', email))]),
      ]),
    );
  }
  if (query.actorType !== undefined) select = select.where('a.actor_type', '=', query.actorType);
  if (query.actorId !== undefined) select = select.where('a.actor_id', '=', query.actorId);
  if (query.action !== undefined) select = select.where('a.action', '=', query.action);
  if (query.actionPrefix !== undefined) {
    const prefix = query.actionPrefix;
    select = select.where(sql<string>`substr(a.action, 1, ${sql.lit(prefix.length)})`, '=', prefix);
  }
  if (query.clientId !== undefined) select = select.where('a.client_id', '=', query.clientId);
  if (query.from !== undefined) select = select.where('a.at', '>=', query.from);
  if (query.to !== undefined) select = select.where('a.at', '<', query.to);
  return select.orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(query.limit).offset(query.offset).execute();
}
