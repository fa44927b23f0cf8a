import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import { authLinkUrl, createAuthToken, TOKEN_LIFETIME_MS } from '../auth/create-auth-token.js';
import { reserveAttempt, type AttemptKey } from '../auth/attempt-limits.js';
import { queueMail } from '../mail/queue-mail.js';
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
export function requestSignInLink(app: AppContext, input: { email: unknown; ip: string | null; browserHash: string }, now: number): LinkRequestResult {
  const email = normalizeEmail(input.email);
  if (!email) return { ok: false, reason: 'invalid' };
  const { db } = app;
  const key = app.keyring.signingKey;
  const keys: AttemptKey[] = [{ rule: 'linkAccount', subject: email }, ...(input.ip ? [{ rule: 'linkIp' as const, subject: input.ip }] : [])];
  return writeTransaction(db, (): LinkRequestResult => {
    const user = findSignInUser(db, app.workspaceId, email);
    const reservation = reserveAttempt(db, key, keys, now);
    if (!reservation.ok) {
      writeAudit(db, { workspaceId: app.workspaceId, actorType: 'portal_user', actorId: user?.userId ?? null, action: 'portal.sign_in_link_throttled', clientId: user?.clientId ?? null, ip: input.ip, details: { email } }, now);
      return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs };
    }
    auditLockouts(db, reservation.exhausted, { workspaceId: app.workspaceId, userId: user?.userId, clientId: user?.clientId, email, ip: input.ip }, now);
    const token = user ? createAuthToken(db, key, user.userId, 'sign_in', now, { browserHash: input.browserHash }) : randomToken();
    const message = renderSignInLinkEmail({
      ...emailBrandingOf(app.config),
      recipientName: user?.name ?? null,
      link: authLinkUrl(app.config.publicUrl, token),
      validMinutes: TOKEN_LIFETIME_MS.sign_in / 60_000,
    });
    if (user) queueMail(db, { workspaceId: user.workspaceId, kind: 'sign_in_link', to: user.email, ...message }, now);
    writeAudit(
      db,
      { workspaceId: app.workspaceId, actorType: 'portal_user', actorId: user?.userId ?? null, action: 'portal.sign_in_link_requested', subjectType: user ? 'portal_user' : undefined, subjectId: user?.userId, clientId: user?.clientId ?? null, ip: input.ip, details: { email, known: Boolean(user) } },
      now,
    );
    return { ok: true };
  });
}
