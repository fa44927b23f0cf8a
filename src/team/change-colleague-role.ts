import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { updatePortalUser } from '../store/auth/update-portal-user.js';
import { isPortalRole } from '../portal-access/portal-permissions.js';
import { findColleague } from './load-team.js';
import type { ActingUser } from './acting-user.js';

export type RoleChange = 'changed' | 'unchanged' | 'not_found' | 'invalid';

/**
 * Gives a colleague another role. Admins cannot change their own role, so a client always keeps the
 * admin who is acting. The role is read on every request, so the change applies from the next click.
 */
export async function changeColleagueRole(app: AppContext, actor: ActingUser, userId: number, role: unknown, now: number): Promise<RoleChange> {
  if (!isPortalRole(role)) return 'invalid';
  if (userId === actor.userId) return 'not_found';
  return app.store.transaction(async (tx): Promise<RoleChange> => {
    const colleague = await findColleague(tx, actor.clientId, userId);
    if (!colleague) return 'not_found';
    if (colleague.role === role) return 'unchanged';
    await updatePortalUser(tx, userId, { role }, { clientId: actor.clientId });
    await insertAuditEntry(tx, { workspaceId: actor.workspaceId, actorType: 'portal_user', actorId: actor.userId, action: 'portal_user.role_changed', subjectType: 'portal_user', subjectId: userId, clientId: actor.clientId, ip: actor.ip, details: { from: colleague.role, to: role } }, now);
    return 'changed';
  });
}
