import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import { isPortalRole } from '../portal-access/portal-permissions.js';
import { findColleague } from './load-team.js';
import type { ActingUser } from './acting-user.js';

export type RoleChange = 'changed' | 'unchanged' | 'not_found' | 'invalid';

/**
 * Gives a colleague another role. Admins cannot change their own role, so a client always keeps the
 * admin who is acting. The role is read on every request, so the change applies from the next click.
 */
export function changeColleagueRole(app: AppContext, actor: ActingUser, userId: number, role: unknown, now: number): RoleChange {
  if (!isPortalRole(role)) return 'invalid';
  if (userId === actor.userId) return 'not_found';
  return writeTransaction(app.db, (): RoleChange => {
    const colleague = findColleague(app.db, actor.clientId, userId);
    if (!colleague) return 'not_found';
    if (colleague.role === role) return 'unchanged';
    app.db.prepare('UPDATE portal_users SET role = ? WHERE id = ? AND client_id = ?').run(role, userId, actor.clientId);
    writeAudit(app.db, { workspaceId: actor.workspaceId, actorType: 'portal_user', actorId: actor.userId, action: 'portal_user.role_changed', subjectType: 'portal_user', subjectId: userId, clientId: actor.clientId, ip: actor.ip, details: { from: colleague.role, to: role } }, now);
    return 'changed';
  });
}
