import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import { queueInvitation } from './queue-invitation.js';
import { findColleague } from './load-team.js';
import type { ActingUser } from './acting-user.js';
import { inviterEmail } from './invite-colleague.js';

/**
 * Sends a new invitation link to someone invited but not yet signed in; the previous link stops working.
 * Not to someone who opted out of email in the CRM: only staff may override that (sendInvitationAnyway).
 */
export function resendInvitation(app: AppContext, actor: ActingUser, userId: number, now: number): boolean {
  return writeTransaction(app.db, () => {
    const invited = findColleague(app.db, actor.clientId, userId);
    if (!invited || invited.status !== 'invited' || invited.invitationWithheldBy !== null) return false;
    queueInvitation(app, { userId, clientId: actor.clientId, workspaceId: actor.workspaceId, email: invited.email }, now, inviterEmail(app, actor));
    writeAudit(app.db, { workspaceId: actor.workspaceId, actorType: actor.actorType ?? 'portal_user', actorId: actor.userId, action: 'portal_user.invitation_resent', subjectType: 'portal_user', subjectId: userId, clientId: actor.clientId, ip: actor.ip, details: { email: invited.email } }, now);
    return true;
  });
}

/** Withdraws an invitation: its link stops working and the person is taken off the list. */
export function revokeInvitation(app: AppContext, actor: ActingUser, userId: number, now: number): boolean {
  return writeTransaction(app.db, () => {
    const invited = findColleague(app.db, actor.clientId, userId);
    if (!invited || invited.status !== 'invited') return false;
    app.db.prepare('UPDATE auth_tokens SET revoked_at = ? WHERE user_id = ? AND used_at IS NULL AND revoked_at IS NULL').run(now, userId);
    app.db.prepare(`UPDATE portal_users SET status = 'disabled' WHERE id = ?`).run(userId);
    writeAudit(app.db, { workspaceId: actor.workspaceId, actorType: actor.actorType ?? 'portal_user', actorId: actor.userId, action: 'portal_user.invitation_revoked', subjectType: 'portal_user', subjectId: userId, clientId: actor.clientId, ip: actor.ip, details: { email: invited.email } }, now);
    return true;
  });
}
