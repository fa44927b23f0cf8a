import express from 'express';
import type { PortalContext } from '../portal-context.js';
import { sendPage } from '../send-page.js';
import { signInWithLink } from '../../src/portal-auth/sign-in-with-link.js';
import { confirmLinkPage, confirmOtherBrowserPage, linkExpiredPage } from '../views/sign-in-pages.js';
import { forbiddenPage } from '../views/error-pages.js';
import { finishFirstFactor, sendThrottled } from './sign-in-routes.js';
import { normalizeEmail } from '../../src/portal-auth/find-sign-in-user.js';
import { recordLinkEmailMismatch } from '../../src/portal-auth/record-link-email-mismatch.js';
import { readSessionCookie } from '../../src/auth/session-cookie.js';
import { isCrossSiteRequest } from '../../src/auth/verify-csrf.js';
import { insertAuditEntry } from '../../src/store/audit/insert-audit-entry.js';
import { readLinkBinding } from '../../src/auth/read-link-binding.js';
import { isSameBrowser, readLinkBrowserNonce } from '../../src/auth/link-browser-cookie.js';
import { releaseAttempt, reserveAttempt, type AttemptKey } from '../../src/auth/attempt-limits.js';
import { constantTimeEqual } from '../../src/crypto/tokens.js';

/**
 * The magic link: GET shows a button, only the button's POST uses the token.
 *
 * Browser binding rule: a link asked for on the sign-in page is bound to that browser's nonce cookie.
 * - Same browser (cookie matches): the button signs in.
 * - Another browser (no cookie, or another one): the button leads to one more step, typing the
 *   address the link was sent to; only then is the token used. Wrong addresses are counted per IP.
 * - Invitations and links issued by staff are not bound (no browser asked for them): the button signs in.
 */
export function authLinkRoutes(ctx: PortalContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const router = express.Router();

  router.get('/auth/link/:token', (req, res) => {
    // The token is in this page's URL: it must not leak to anything the page links to.
    res.set('Referrer-Policy', 'no-referrer');
    return sendPage(ctx, req, res, 200, confirmLinkPage(app.config.businessName, req.params.token));
  });

  router.post('/auth/link', form, async (req, res) => {
    const now = ctx.now();
    const ip = req.ip ?? null;
    res.set('Referrer-Policy', 'no-referrer');
    if (isCrossSiteRequest(req.headers)) {
      await insertAuditEntry(app.store.db, { workspaceId: app.workspaceId, actorType: 'portal_user', action: 'portal.sign_in_failed', ip, details: { reason: 'cross_site' } }, now);
      return sendPage(ctx, req, res, 403, forbiddenPage());
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token = typeof body.token === 'string' ? body.token : '';
    const binding = await readLinkBinding(app.store.db, app.keyring.signingKey, token, now);
    if (binding?.browserHash && !isSameBrowser(app.keyring.signingKey, binding.browserHash, readLinkBrowserNonce(app.config, req.headers.cookie))) {
      if (body.email === undefined) return sendPage(ctx, req, res, 200, confirmOtherBrowserPage(app.config.businessName, token, null));
      const keys: AttemptKey[] = ip ? [{ rule: 'linkConfirmIp', subject: ip }] : [];
      const reservation = await reserveAttempt(app.store, app.keyring.signingKey, keys, now);
      if (!reservation.ok) return sendThrottled(ctx, req, res, reservation.retryAfterMs);
      const typed = normalizeEmail(body.email);
      if (!typed || !constantTimeEqual(typed, binding.email.toLowerCase())) {
        await recordLinkEmailMismatch(app, binding.userId, ip, reservation.exhausted, now);
        return sendPage(ctx, req, res, 400, confirmOtherBrowserPage(app.config.businessName, token, 'That is not the address this link was sent to.'));
      }
      // Only wrong addresses count.
      await releaseAttempt(app.store.db, app.keyring.signingKey, keys, now);
    }
    const result = await signInWithLink(app, { token, previousSessionId: readSessionCookie(app.config, req.headers.cookie), ip, userAgent: req.get('user-agent') ?? null }, now);
    if (!result.ok) return sendPage(ctx, req, res, result.reason === 'malformed' ? 400 : 410, linkExpiredPage());
    finishFirstFactor(ctx, res, result.session, result.mfaState);
  });

  return router;
}
