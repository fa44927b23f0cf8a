import express from 'express';
import type { Request, Response } from 'express';
import type { PortalContext } from '../portal-context.js';
import { sendPage } from '../send-page.js';
import { requestSignInLink } from '../../src/portal-auth/request-sign-in-link.js';
import { signInWithPassword } from '../../src/portal-auth/sign-in-with-password.js';
import { linkSentPage, signInBusyPage, signInPage, throttledPage } from '../views/sign-in-pages.js';
import { forbiddenPage, notFoundPage } from '../views/error-pages.js';
import { readSessionCookie, serializeSessionCookie } from '../../src/auth/session-cookie.js';
import { isCrossSiteRequest } from '../../src/auth/verify-csrf.js';
import { SESSION_ABSOLUTE_TIMEOUT_MS, type MfaState, type NewSession } from '../../src/auth/create-session.js';
import { hashLinkBrowserNonce, newLinkBrowserNonce, readLinkBrowserNonce, serializeLinkBrowserCookie } from '../../src/auth/link-browser-cookie.js';

/** Sets the new session's cookie and goes on: to the second step when one is owed, else to the dashboard. */
export function finishFirstFactor(ctx: PortalContext, res: Response, session: NewSession, mfaState: MfaState): void {
  res.append('Set-Cookie', serializeSessionCookie(ctx.app.config, session.sessionId, SESSION_ABSOLUTE_TIMEOUT_MS / 1000));
  res.redirect(303, mfaState === 'pending' || mfaState === 'enrol_required' ? '/auth/two-factor' : '/');
}

export function sendThrottled(ctx: PortalContext, req: Request, res: Response, retryAfterMs: number): Promise<void> {
  res.set('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
  return sendPage(ctx, req, res, 429, throttledPage(retryAfterMs));
}

/** Password hashing is saturated: 503 with Retry-After, so clients and proxies back off rather than retry at once. */
export function sendBusy(ctx: PortalContext, req: Request, res: Response, retryAfterMs: number): Promise<void> {
  res.set('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
  return sendPage(ctx, req, res, 503, signInBusyPage(retryAfterMs));
}

/**
 * Asking for a sign-in link and signing in with a password. There is no session yet to hold a CSRF
 * token, so a form posted from another site (Sec-Fetch-Site: cross-site) is refused: it could only be
 * login CSRF or a way to spam someone's mailbox from a visitor's browser.
 */
export function signInRoutes(ctx: PortalContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const policy = app.config.portal.signIn;
  const router = express.Router();
  const sameSite: express.RequestHandler = (req, res, next) => (isCrossSiteRequest(req.headers) ? sendPage(ctx, req, res, 403, forbiddenPage()) : next());

  router.post('/auth/sign-in/link', sameSite, form, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    // Reuse this browser's nonce while it lives, so asking twice keeps the binding of the newest link.
    const nonce = readLinkBrowserNonce(app.config, req.headers.cookie) ?? newLinkBrowserNonce();
    const result = await requestSignInLink(app, { email: body.email, ip: req.ip ?? null, browserHash: hashLinkBrowserNonce(app.keyring.signingKey, nonce) }, ctx.now());
    if (!result.ok && result.reason === 'invalid') {
      return sendPage(ctx, req, res, 400, signInPage({ businessName: app.config.businessName, policy, email: String(body.email ?? '').slice(0, 254), linkError: 'Enter your email address, like name@example.com.' }));
    }
    if (!result.ok) return sendThrottled(ctx, req, res, result.retryAfterMs);
    res.append('Set-Cookie', serializeLinkBrowserCookie(app.config, nonce));
    // Sent in the background; the answer must not wait for (or reveal) whether there was anything to send.
    void app.jobs.enqueue('mail.deliver', {}, { dedupeKey: 'mail.deliver' }).catch((error: unknown) => app.logger.warn('could not queue mail delivery', { error: String(error) }));
    res.redirect(303, '/auth/sign-in/sent');
  });

  router.get('/auth/sign-in/sent', (req, res) => sendPage(ctx, req, res, 200, linkSentPage()));

  router.post('/auth/sign-in/password', sameSite, form, async (req, res, next) => {
    if (policy === 'magic_link') return sendPage(ctx, req, res, 404, notFoundPage());
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const result = await signInWithPassword(
        app,
        { email: body.email, password: body.password, previousSessionId: readSessionCookie(app.config, req.headers.cookie), ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null },
        ctx.now(),
      );
      if (result.ok) return finishFirstFactor(ctx, res, result.session, result.mfaState);
      if (result.reason === 'throttled') return sendThrottled(ctx, req, res, result.retryAfterMs);
      if (result.reason === 'busy') return sendBusy(ctx, req, res, result.retryAfterMs);
      return sendPage(
        ctx,
        req,
        res,
        401,
        signInPage({ businessName: app.config.businessName, policy, email: typeof body.email === 'string' ? body.email.slice(0, 254) : '', passwordError: 'That email address and password do not match. Check them and try again, or email yourself a sign-in link.' }),
      );
    } catch (error) {
      next(error);
    }
  });

  return router;
}
