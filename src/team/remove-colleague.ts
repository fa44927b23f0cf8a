import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import { endUserSessions } from '../auth/end-session.js';
import { findColleague } from './load-team.js';
import type { ActingUser } from './acting-user.js';

/**
 * Takes a colleague's access away: the user is disabled (the row stays for the audit trail), every
 * session of theirs ends now rather than at its timeout, and any unused link stops working.
 * Admins cannot remove themselves (another admin must), so a client is never left without one.
 */
export function removeColleague(app: AppContext, actor: ActingUser, userId: number, now: number): boolean {
  if (userId === actor.userId) return false;
  return writeTransaction(app.db, () => {
    const colleague = findColleague(app.db, actor.clientId, userId);
    if (!colleague) return false;
    app.db.prepare(`UPDATE portal_users SET status = 'disabled' WHERE id = ? AND client_id = ?`).run(userId, actor.clientId);
    const sessionsEnded = endUserSessions(app.db, userId, now);
    app.db.prepare('UPDATE auth_tokens SET revoked_at = ? WHERE user_id = ? AND used_at IS NULL AND revoked_at IS NULL').run(now, userId);
    writeAudit(app.db, { workspaceId: actor.workspaceId, actorType: 'portal_user', actorId: actor.userId, action: 'portal_user.removed', subjectType: 'portal_user', subjectId: userId, clientId: actor.clientId, ip: actor.ip, details: { email: colleague.email, role: colleague.role, sessionsEnded } }, now);
    return true;
  });
}
