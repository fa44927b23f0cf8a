import type { AppContext } from '../app/app-context.js';
import { authLinkUrl, createAuthToken, TOKEN_LIFETIME_MS } from '../auth/create-auth-token.js';
import { renderInvitationEmail } from '../mail/render-invitation-email.js';
import { queueMail } from '../mail/queue-mail.js';
import { emailBrandingOf } from '../mail/email-branding.js';

/**
 * Issues a fresh invitation link and queues the email, inside the caller's transaction. createAuthToken
 * revokes the user's earlier unused invitation, so a re-sent invitation leaves exactly one working link.
 * The email carries no text the inviting admin typed (not even the name they gave, which could say
 * anything in the business's voice); it names the admin's address instead, when an admin sent it.
 */
export function queueInvitation(app: AppContext, user: { userId: number; clientId: number; workspaceId: number; email: string }, now: number, invitedBy?: string): void {
  const token = createAuthToken(app.db, app.keyring.signingKey, user.userId, 'invitation', now);
  const clientName = (app.db.prepare('SELECT name FROM clients WHERE id = ?').get(user.clientId) as { name: string }).name;
  const email = renderInvitationEmail({
    ...emailBrandingOf(app.config),
    clientName,
    recipientName: null,
    invitedBy,
    link: authLinkUrl(app.config.publicUrl, token),
    validDays: TOKEN_LIFETIME_MS.invitation / (24 * 3600_000),
  });
  queueMail(app.db, { workspaceId: user.workspaceId, kind: 'invitation', to: user.email, ...email }, now);
}
