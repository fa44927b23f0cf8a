import express from 'express';
import type { PortalContext } from '../portal-context.js';
import { sendPage } from '../send-page.js';
import { signInWithLink } from '../sign-in-with-link.js';
import { confirmLinkPage, linkExpiredPage } from '../views/sign-in-pages.js';
import { forbiddenPage } from '../views/error-pages.js';
import { readSessionCookie, serializeSessionCookie } from '../../src/auth/session-cookie.js';
import { isCrossSiteRequest } from '../../src/auth/verify-csrf.js';
import { SESSION_ABSOLUTE_TIMEOUT_MS } from '../../src/auth/create-session.js';
import { writeAudit } from '../../src/audit/write-audit.js';

/** The magic link: GET shows a button, only the button's POST uses the token. */
export function authLinkRoutes(ctx: PortalContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const router = express.Router();

  router.get('/auth/link/:token', (req, res) => {
    // The token is in this page's URL: it must not leak to anything the page links to.
    res.set('Referrer-Policy', 'no-referrer');
    sendPage(ctx, req, res, 200, confirmLinkPage(app.config.businessName, req.params.token));
  });

  router.post('/auth/link', form, (req, res) => {
    const now = ctx.now();
    const ip = req.ip ?? null;
    if (isCrossSiteRequest(req.headers)) {
      writeAudit(app.db, { workspaceId: app.workspaceId, actorType: 'portal_user', action: 'portal.sign_in_failed', ip, details: { reason: 'cross_site' } }, now);
      return sendPage(ctx, req, res, 403, forbiddenPage());
    }
    const token: unknown = req.body?.token;
    const result = signInWithLink(
      app,
      {
        token: typeof token === 'string' ? token : '',
        previousSessionId: readSessionCookie(app.config, req.headers.cookie),
        ip,
        userAgent: req.get('user-agent') ?? null,
      },
      now,
    );
    if (!result.ok) return sendPage(ctx, req, res, result.reason === 'malformed' ? 400 : 410, linkExpiredPage());
    res.append('Set-Cookie', serializeSessionCookie(app.config, result.session.sessionId, SESSION_ABSOLUTE_TIMEOUT_MS / 1000));
    res.redirect(303, '/');
  });

  return router;
}
