import express from 'express';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, unfinishedSessionOf } from '../require-portal-session.js';
import { sendPage } from '../send-page.js';
import { forbiddenPage } from '../views/error-pages.js';
import { verifyCsrf } from '../../src/auth/verify-csrf.js';
import { signOut } from '../../src/portal-auth/sign-out.js';
import { serializeClearedSessionCookie } from '../../src/auth/session-cookie.js';

export function signOutRoutes(ctx: PortalContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const router = express.Router();
  router.post('/auth/sign-out', form, async (req, res) => {
    // A half-signed-in session (second factor owed) can be cancelled too.
    const session = portalSessionOf(req) ?? unfinishedSessionOf(req);
    // No live session: nothing to end, and nothing a forged request could harm.
    if (!session) return res.redirect(303, '/signed-out');
    if (!verifyCsrf(session, req.body?._csrf)) return sendPage(ctx, req, res, 403, forbiddenPage());
    const now = ctx.now();
    await signOut(app, session, req.ip ?? null, now);
    res.append('Set-Cookie', serializeClearedSessionCookie(app.config));
    res.redirect(303, '/signed-out');
  });
  return router;
}
