import type { AppContext } from '../app/app-context.js';
import type { Queryable } from '../store/store.js';
import { authLinkUrl, createAuthToken, TOKEN_LIFETIME_MS } from '../auth/create-auth-token.js';
import { renderInvitationEmail } from '../mail/render-invitation-email.js';
import { emailBrandingOf } from '../mail/email-branding.js';
import { findClientName } from '../store/team/find-client-name.js';
import { insertOutboxMessage } from '../store/mail/insert-outbox-message.js';

/**
 * Issues a fresh invitation link and queues the email, inside the caller's transaction. createAuthToken
 * revokes the user's earlier unused invitation, so a re-sent invitation leaves exactly one working link.
 * The email carries no text the inviting admin typed (not even the name they gave, which could say
 * anything in the business's voice); it names the admin's address instead, when an admin sent it.
 */
export async function queueInvitation(app: AppContext, tx: Queryable, user: { userId: number; clientId: number; workspaceId: number; email: string }, now: number, invitedBy?: string): Promise<void> {
  const token = await createAuthToken(tx, app.keyring.signingKey, user.userId, 'invitation', now);
  const clientName = await findClientName(tx, user.clientId);
  if (clientName === null) throw new Error(`client ${user.clientId} of an invitation is gone`);
  const email = renderInvitationEmail({
    ...emailBrandingOf(app.config),
    clientName,
    recipientName: null,
    invitedBy,
    link: authLinkUrl(app.config.publicUrl, token),
    validDays: TOKEN_LIFETIME_MS.invitation / (24 * 3600_000),
  });
  await insertOutboxMessage(tx, { workspaceId: user.workspaceId, kind: 'invitation', to: user.email, ...email }, now);
}
