import express from 'express';
import type { Request, Response } from 'express';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, secondFactorOwed, unfinishedSessionOf } from '../require-portal-session.js';
import { sendPage } from '../send-page.js';
import { verifySecondFactor } from '../../src/portal-auth/verify-second-factor.js';
import { confirmEnrolment, enrolmentFor } from '../../src/portal-auth/manage-two-factor.js';
import { enrolPage, recoveryCodesPage, twoFactorPage } from '../views/two-factor-pages.js';
import { forbiddenPage } from '../views/error-pages.js';
import { sendThrottled } from './sign-in-routes.js';
import { verifyCsrf } from '../../src/auth/verify-csrf.js';
import { serializeSessionCookie } from '../../src/auth/session-cookie.js';
import { SESSION_ABSOLUTE_TIMEOUT_MS } from '../../src/auth/create-session.js';
import type { PortalSession } from '../../src/auth/read-session.js';

const WRONG_CODE = 'That code is not right. Enter the newest code your app shows; if it keeps failing, check that your phone’s clock is set automatically.';
const WRONG_RECOVERY = 'That recovery code is not right, or it was already used.';

/**
 * The second step of signing in (a TOTP or recovery code) and setting up TOTP. These pages are the
 * only ones an unfinished session (first factor given, second owed) can open.
 */
export function twoFactorRoutes(ctx: PortalContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const router = express.Router();
  const requireTwoFactor = app.config.portal.requireTwoFactor;

  const withCsrf = (session: PortalSession | undefined, req: Request, res: Response): session is PortalSession => {
    if (session && verifyCsrf(session, (req.body as Record<string, unknown> | undefined)?._csrf)) return true;
    if (session) sendPage(ctx, req, res, 403, forbiddenPage());
    else res.redirect(303, '/');
    return false;
  };

  router.get('/auth/two-factor', (req, res) => {
    const session = unfinishedSessionOf(req);
    if (!session) return res.redirect(303, '/');
    if (secondFactorOwed(session, requireTwoFactor) === 'enrolment') return res.redirect(303, '/auth/two-factor/enrol');
    return sendPage(ctx, req, res, 200, twoFactorPage({ csrfToken: session.csrfToken }));
  });

  for (const [path, kind] of [['/auth/two-factor', 'totp'], ['/auth/two-factor/recovery', 'recovery']] as const) {
    router.post(path, form, async (req, res) => {
      const session = unfinishedSessionOf(req);
      if (!withCsrf(session, req, res)) return;
      if (secondFactorOwed(session, requireTwoFactor) !== 'code') return res.redirect(303, '/auth/two-factor');
      const result = await verifySecondFactor(app, session, { code: (req.body as Record<string, unknown>).code, kind, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null }, ctx.now());
      if (result.ok) {
        res.append('Set-Cookie', serializeSessionCookie(app.config, result.session.sessionId, SESSION_ABSOLUTE_TIMEOUT_MS / 1000));
        return res.redirect(303, '/');
      }
      if (result.reason === 'throttled') return sendThrottled(ctx, req, res, result.retryAfterMs);
      return sendPage(ctx, req, res, 401, twoFactorPage({ csrfToken: session.csrfToken, ...(kind === 'totp' ? { codeError: WRONG_CODE } : { recoveryError: WRONG_RECOVERY }) }));
    });
  }

  /** Who may enrol: a session owing its enrolment, or a complete session without 2FA (from the account page). */
  const enrollingSession = (req: Request): { session: PortalSession; signedIn: boolean } | null => {
    const unfinished = unfinishedSessionOf(req);
    if (unfinished) return secondFactorOwed(unfinished, requireTwoFactor) === 'enrolment' ? { session: unfinished, signedIn: false } : null;
    const session = portalSessionOf(req);
    return session ? { session, signedIn: true } : null;
  };

  router.get('/auth/two-factor/enrol', async (req, res, next) => {
    try {
      const who = enrollingSession(req);
      if (!who) return res.redirect(303, unfinishedSessionOf(req) ? '/auth/two-factor' : '/');
      const enrolment = await enrolmentFor(app, who.session, ctx.now());
      if (!enrolment) return res.redirect(303, '/account');
      return sendPage(ctx, req, res, 200, enrolPage({ csrfToken: who.session.csrfToken, enrolment, required: requireTwoFactor, signedIn: who.signedIn }));
    } catch (error) {
      next(error);
    }
  });

  router.post('/auth/two-factor/enrol', form, async (req, res, next) => {
    try {
      const who = enrollingSession(req);
      if (!who) return res.redirect(303, unfinishedSessionOf(req) ? '/auth/two-factor' : '/');
      if (!withCsrf(who.session, req, res)) return;
      const result = await confirmEnrolment(app, who.session, { code: (req.body as Record<string, unknown>).code, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null }, ctx.now());
      if (result.ok) {
        if (result.newSession) res.append('Set-Cookie', serializeSessionCookie(app.config, result.newSession.sessionId, SESSION_ABSOLUTE_TIMEOUT_MS / 1000));
        const next = who.signedIn ? { href: '/account', label: 'Back to your account' } : { href: '/', label: 'I have saved them: continue to the portal' };
        return sendPage(ctx, req, res, 200, recoveryCodesPage(result.recoveryCodes, next, who.signedIn));
      }
      if (result.reason === 'already_on') return res.redirect(303, '/account');
      if (result.reason === 'throttled') return sendThrottled(ctx, req, res, result.retryAfterMs);
      const enrolment = await enrolmentFor(app, who.session, ctx.now());
      if (!enrolment) return res.redirect(303, '/account');
      return sendPage(ctx, req, res, 400, enrolPage({ csrfToken: who.session.csrfToken, enrolment, required: requireTwoFactor, signedIn: who.signedIn, error: WRONG_CODE }));
    } catch (error) {
      next(error);
    }
  });

  return router;
}
