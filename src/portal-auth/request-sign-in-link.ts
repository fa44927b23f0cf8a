import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { insertOutboxMessage } from '../store/mail/insert-outbox-message.js';
import { authLinkUrl, createAuthToken, TOKEN_LIFETIME_MS } from '../auth/create-auth-token.js';
import { reserveAttempt, type AttemptKey } from '../auth/attempt-limits.js';
import { renderSignInLinkEmail } from '../mail/render-sign-in-link-email.js';
import { emailBrandingOf } from '../mail/email-branding.js';
import { randomToken } from '../crypto/tokens.js';
import { findSignInUser, normalizeEmail } from './find-sign-in-user.js';
import { auditLockouts } from './audit-lockouts.js';

export type LinkRequestResult = { ok: true } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * "Email me a sign-in link". The answer is the same whether or not the address has an account
 * (ASVS 5.0 §6.3.8: no account enumeration): the same work is done either way (a token made, an
 * email rendered), only the known address gets the email. Requests are counted per address and per
 * IP; the link is bound to the asking browser through browserHash (see src/auth/link-browser-cookie.ts).
 */
export async function requestSignInLink(app: AppContext, input: { email: unknown; ip: string | null; browserHash: string }, now: number): Promise<LinkRequestResult> {
  const email = normalizeEmail(input.email);
  if (!email) return { ok: false, reason: 'invalid' };
  const key = app.keyring.signingKey;
  const keys: AttemptKey[] = [{ rule: 'linkAccount', subject: email }, ...(input.ip ? [{ rule: 'linkIp' as const, subject: input.ip }] : [])];
  return app.store.transaction(async (tx): Promise<LinkRequestResult> => {
    const user = await findSignInUser(tx, app.workspaceId, email);
    const reservation = await reserveAttempt(tx, key, keys, now);
    if (!reservation.ok) {
      await insertAuditEntry(tx, { workspaceId: app.workspaceId, actorType: 'portal_user', actorId: user?.userId ?? null, action: 'portal.sign_in_link_throttled', clientId: user?.clientId ?? null, ip: input.ip, details: { email } }, now);
      return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs };
    }
    await auditLockouts(tx, reservation.exhausted, { workspaceId: app.workspaceId, userId: user?.userId, clientId: user?.clientId, email, ip: input.ip }, now);
    const token = user ? await createAuthToken(tx, key, user.userId, 'sign_in', now, { browserHash: input.browserHash }) : randomToken();
    const message = renderSignInLinkEmail({
      ...emailBrandingOf(app.config),
      recipientName: user?.name ?? null,
      link: authLinkUrl(app.config.publicUrl, token),
      validMinutes: TOKEN_LIFETIME_MS.sign_in / 60_000,
    });
    if (user) await insertOutboxMessage(tx, { workspaceId: user.workspaceId, kind: 'sign_in_link', to: user.email, ...message }, now);
    await insertAuditEntry(
      tx,
      { workspaceId: app.workspaceId, actorType: 'portal_user', actorId: user?.userId ?? null, action: 'portal.sign_in_link_requested', subjectType: user ? 'portal_user' : undefined, subjectId: user?.userId, clientId: user?.clientId ?? null, ip: input.ip, details: { email, known: Boolean(user) } },
      now,
    );
    return { ok: true };
  });
}
