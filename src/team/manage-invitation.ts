import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { revokeAuthTokens } from '../store/auth/revoke-auth-tokens.js';
import { updatePortalUser } from '../store/auth/update-portal-user.js';
import { queueInvitation } from './queue-invitation.js';
import { findColleague } from './load-team.js';
import type { ActingUser } from './acting-user.js';
import { inviterEmail } from './invite-colleague.js';

/**
 * Sends a new invitation link to someone invited but not yet signed in; the previous link stops working.
 * Not to someone who opted out of email in the CRM: only staff may override that (sendInvitationAnyway).
 */
export async function resendInvitation(app: AppContext, actor: ActingUser, userId: number, now: number): Promise<boolean> {
  return app.store.transaction(async (tx) => {
    const invited = await findColleague(tx, actor.clientId, userId);
    if (!invited || invited.status !== 'invited' || invited.invitationWithheldBy !== null) return false;
    await queueInvitation(app, tx, { userId, clientId: actor.clientId, workspaceId: actor.workspaceId, email: invited.email }, now, await inviterEmail(tx, actor));
    await insertAuditEntry(tx, { workspaceId: actor.workspaceId, actorType: actor.actorType ?? 'portal_user', actorId: actor.userId, action: 'portal_user.invitation_resent', subjectType: 'portal_user', subjectId: userId, clientId: actor.clientId, ip: actor.ip, details: { email: invited.email } }, now);
    return true;
  });
}

/** Withdraws an invitation: its link stops working and the person is taken off the list. */
export async function revokeInvitation(app: AppContext, actor: ActingUser, userId: number, now: number): Promise<boolean> {
  return app.store.transaction(async (tx) => {
    const invited = await findColleague(tx, actor.clientId, userId);
    if (!invited || invited.status !== 'invited') return false;
    await revokeAuthTokens(tx, userId, now);
    await updatePortalUser(tx, userId, { status: 'disabled' });
    await insertAuditEntry(tx, { workspaceId: actor.workspaceId, actorType: actor.actorType ?? 'portal_user', actorId: actor.userId, action: 'portal_user.invitation_revoked', subjectType: 'portal_user', subjectId: userId, clientId: actor.clientId, ip: actor.ip, details: { email: invited.email } }, now);
    return true;
  });
}
