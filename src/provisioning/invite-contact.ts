import type { AppContext } from '../app/app-context.js';
import type { Contact } from '../model/unified-model.js';
import type { Queryable } from '../store/store.js';
import { authLinkUrl, createAuthToken, TOKEN_LIFETIME_MS } from '../auth/create-auth-token.js';
import { renderInvitationEmail } from '../mail/render-invitation-email.js';
import { emailBrandingOf } from '../mail/email-branding.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { insertOutboxMessage } from '../store/mail/insert-outbox-message.js';
import { findRecordProvider } from '../store/records/find-record-provider.js';
import { insertContactUser } from '../store/portal-users/insert-contact-user.js';
import { findUserByEmail } from '../store/team/find-user-by-email.js';
import { findClientName } from '../store/team/find-client-name.js';

/**
 * Creates the portal user for a contact and queues their invitation, inside the caller's transaction
 * `tx` (the user, the opt-out hold, the link, the mail and the audit rows commit together).
 * Returns the new user's id, or null when the contact has no email or already has an account, or
 * opted out of email in the CRM: then the user is created without an invitation, marked with the CRM
 * that said so (portal_users.invitation_withheld_by), for staff to see and override.
 */
export async function inviteContact(
  app: Pick<AppContext, 'config' | 'keyring'>,
  tx: Queryable,
  input: { clientId: number; workspaceId: number; contactRecordId: number; contact: Contact; now: number },
): Promise<number | null> {
  const { contact, clientId, workspaceId, now } = input;
  if (!contact.email) return null;
  // Which CRM said "no email": the provider of the contact's own record.
  const withheldBy = contact.emailOptedOut ? ((await findRecordProvider(tx, input.contactRecordId)) ?? 'crm') : null;
  const createdId = await insertContactUser(
    tx,
    { workspaceId, clientId, email: contact.email.toLowerCase(), name: contact.fullName || contact.email, contactRecordId: input.contactRecordId, invitationWithheldBy: withheldBy },
    now,
  );
  if (createdId === undefined) {
    const existing = await findUserByEmail(tx, workspaceId, contact.email);
    if (existing && existing.clientId !== clientId) {
      // One email, two clients: never attach a person to a second company silently.
      await insertAuditEntry(tx, {
        workspaceId,
        actorType: 'system',
        action: 'provisioning.contact_belongs_to_other_client',
        subjectType: 'portal_user',
        subjectId: existing.id,
        clientId,
        details: { email: contact.email, existingClientId: existing.clientId },
      }, now);
    }
    return null;
  }
  if (withheldBy !== null) {
    await insertAuditEntry(tx, {
      workspaceId,
      actorType: 'system',
      action: 'portal_user.invitation_withheld',
      subjectType: 'portal_user',
      subjectId: createdId,
      clientId,
      details: { email: contact.email, reason: 'opted_out_of_email', provider: withheldBy },
    }, now);
    return null;
  }
  const token = await createAuthToken(tx, app.keyring.signingKey, createdId, 'invitation', now);
  const email = renderInvitationEmail({
    ...emailBrandingOf(app.config),
    clientName: (await findClientName(tx, clientId)) ?? '',
    recipientName: contact.firstName ?? contact.fullName,
    link: authLinkUrl(app.config.publicUrl, token),
    validDays: TOKEN_LIFETIME_MS.invitation / (24 * 3600_000),
  });
  await insertOutboxMessage(tx, { workspaceId, kind: 'invitation', to: contact.email, ...email }, now);
  await insertAuditEntry(tx, {
    workspaceId,
    actorType: 'system',
    action: 'portal_user.invited',
    subjectType: 'portal_user',
    subjectId: createdId,
    clientId,
    details: { email: contact.email },
  }, now);
  return createdId;
}
