import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { revokeAuthTokens } from '../store/auth/revoke-auth-tokens.js';
import { updatePortalUser } from '../store/auth/update-portal-user.js';
import { endUserSessions } from '../auth/end-session.js';
import { findColleague } from './load-team.js';
import type { ActingUser } from './acting-user.js';

/**
 * Takes a colleague's access away: the user is disabled (the row stays for the audit trail), every
 * session of theirs ends now rather than at its timeout, and any unused link stops working.
 * Admins cannot remove themselves (another admin must), so a client is never left without one.
 */
export async function removeColleague(app: AppContext, actor: ActingUser, userId: number, now: number): Promise<boolean> {
  if (userId === actor.userId) return false;
  return app.store.transaction(async (tx) => {
    const colleague = await findColleague(tx, actor.clientId, userId);
    if (!colleague) return false;
    await updatePortalUser(tx, userId, { status: 'disabled' }, { clientId: actor.clientId });
    const sessionsEnded = await endUserSessions(tx, userId, now);
    await revokeAuthTokens(tx, userId, now);
    await insertAuditEntry(tx, { workspaceId: actor.workspaceId, actorType: 'portal_user', actorId: actor.userId, action: 'portal_user.removed', subjectType: 'portal_user', subjectId: userId, clientId: actor.clientId, ip: actor.ip, details: { email: colleague.email, role: colleague.role, sessionsEnded } }, now);
    return true;
  });
}
