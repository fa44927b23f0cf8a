import express from 'express';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession, unfinishedSessionOf } from '../require-portal-session.js';
import { sendPage } from '../send-page.js';
import { signedOutPage, signInPage } from '../views/sign-in-pages.js';

/** The start page (signed in: your dashboard; half signed in: the second step; otherwise how to sign in) and the signed-out page. */
export function homeRoutes(ctx: PortalContext): express.Router {
  const router = express.Router();
  router.get('/', (req, res) => {
    const session = portalSessionOf(req);
    if (session) return requirePortalSession(req, res, () => res.redirect(303, `/clients/${session.clientId}`));
    if (unfinishedSessionOf(req)) return res.redirect(303, '/auth/two-factor');
    return sendPage(ctx, req, res, 200, signInPage({ businessName: ctx.app.config.businessName, policy: ctx.app.config.portal.signIn }));
  });
  router.get('/signed-out', (req, res) => {
    return sendPage(ctx, req, res, 200, signedOutPage());
  });
  return router;
}
