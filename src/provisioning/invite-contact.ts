import type { AppContext } from '../app/app-context.js';
import type { Contact } from '../model/unified-model.js';
import { authLinkUrl, TOKEN_LIFETIME_MS } from '../auth/create-auth-token.js';
import { hashToken, randomToken } from '../crypto/tokens.js';
import { queueMail } from '../mail/queue-mail.js';
import { writeAudit } from '../audit/write-audit.js';
import { renderInvitationEmail } from '../mail/render-invitation-email.js';
import { emailBrandingOf } from '../mail/email-branding.js';

/**
 * Creates the portal user for a contact and queues their invitation, inside the caller's transaction.
 * Returns the new user's id, or null when the contact has no email or already has an account, or
 * opted out of email in the CRM: then the user is created without an invitation, marked with the CRM
 * that said so (portal_users.invitation_withheld_by), for staff to see and override.
 */
export function inviteContact(
  app: AppContext,
  input: { clientId: number; workspaceId: number; contactRecordId: number; contact: Contact; now: number },
): number | null {
  const { contact, clientId, workspaceId, now } = input;
  if (!contact.email) return null;
  // Which CRM said "no email": the provider of the contact's own record.
  const withheldBy = contact.emailOptedOut
    ? ((app.db.prepare('SELECT provider FROM records WHERE id = ?').get(input.contactRecordId) as { provider: string } | undefined)?.provider ?? 'crm')
    : null;
  const created = app.db
    .prepare(
      `INSERT INTO portal_users (workspace_id, client_id, email, name, role, contact_record_id, status, created_at, invitation_withheld_by)
       VALUES (?, ?, ?, ?, 'client_admin', ?, 'invited', ?, ?) ON CONFLICT (workspace_id, email) DO NOTHING RETURNING id`,
    )
    .get(workspaceId, clientId, contact.email.toLowerCase(), contact.fullName || contact.email, input.contactRecordId, now, withheldBy) as
    | { id: number }
    | undefined;
  if (!created) {
    const existing = app.db.prepare('SELECT id, client_id FROM portal_users WHERE workspace_id = ? AND email = ?').get(workspaceId, contact.email) as
      | { id: number; client_id: number }
      | undefined;
    if (existing && existing.client_id !== clientId) {
      // One email, two clients: never attach a person to a second company silently.
      writeAudit(app.db, {
        workspaceId,
        actorType: 'system',
        action: 'provisioning.contact_belongs_to_other_client',
        subjectType: 'portal_user',
        subjectId: existing.id,
        clientId,
        details: { email: contact.email, existingClientId: existing.client_id },
      }, now);
    }
    return null;
  }
  if (withheldBy !== null) {
    writeAudit(app.db, {
      workspaceId,
      actorType: 'system',
      action: 'portal_user.invitation_withheld',
      subjectType: 'portal_user',
      subjectId: created.id,
      clientId,
      details: { email: contact.email, reason: 'opted_out_of_email', provider: withheldBy },
    }, now);
    return null;
  }
  // createAuthToken is on the store now; until provisioning is (inside its legacy transaction), the same
  // two statements here: a new user has no earlier invitation to revoke, so only the insert.
  const token = randomToken();
  app.db
    .prepare('INSERT INTO auth_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    .run(hashToken(app.keyring.signingKey, token), created.id, 'invitation', now, now + TOKEN_LIFETIME_MS.invitation);
  const clientName = (app.db.prepare('SELECT name FROM clients WHERE id = ?').get(clientId) as { name: string }).name;
  const email = renderInvitationEmail({
    ...emailBrandingOf(app.config),
    clientName,
    recipientName: contact.firstName ?? contact.fullName,
    link: authLinkUrl(app.config.publicUrl, token),
    validDays: TOKEN_LIFETIME_MS.invitation / (24 * 3600_000),
  });
  queueMail(app.db, { workspaceId, kind: 'invitation', to: contact.email, ...email }, now);
  writeAudit(app.db, {
    workspaceId,
    actorType: 'system',
    action: 'portal_user.invited',
    subjectType: 'portal_user',
    subjectId: created.id,
    clientId,
    details: { email: contact.email },
  }, now);
  return created.id;
}
