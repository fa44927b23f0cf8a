import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { updatePortalUser } from '../store/auth/update-portal-user.js';
import { queueInvitation } from './queue-invitation.js';
import { findColleague } from './load-team.js';

/**
 * A staff member decides to invite someone whose CRM says they opted out of email (they asked for
 * portal access by phone, say). The invitation, the cleared hold and the audit row that records who
 * overrode the opt-out commit together. False when there is no held invitation (already sent, or
 * not this client's user): a second press sends nothing.
 */
export async function sendInvitationAnyway(app: AppContext, actor: { staffUserId: number; clientId: number; workspaceId: number; ip: string | null }, userId: number, now: number): Promise<boolean> {
  return app.store.transaction(async (tx) => {
    const person = await findColleague(tx, actor.clientId, userId);
    if (!person || person.status !== 'invited' || person.invitationWithheldBy === null) return false;
    await updatePortalUser(tx, userId, { invitation_withheld_by: null });
    await queueInvitation(app, tx, { userId, clientId: actor.clientId, workspaceId: actor.workspaceId, email: person.email }, now);
    await insertAuditEntry(tx, {
      workspaceId: actor.workspaceId,
      actorType: 'staff',
      actorId: actor.staffUserId,
      ip: actor.ip,
      action: 'portal_user.invited_despite_email_opt_out',
      subjectType: 'portal_user',
      subjectId: userId,
      clientId: actor.clientId,
      details: { email: person.email, optedOutIn: person.invitationWithheldBy },
    }, now);
    return true;
  });
}
