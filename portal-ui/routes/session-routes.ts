import express from 'express';
import type { Request } from 'express';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCapability, requireCsrf } from '../require-capability.js';
import { sendPage } from '../send-page.js';
import { parseId } from '../parse-id.js';
import { listActiveSessions } from '../../src/team/load-team.js';
import { endOtherSessions, endOwnSession } from '../../src/team/end-own-sessions.js';
import type { ActingUser } from '../../src/team/acting-user.js';
import { SESSION_NOTICES, sessionsPage } from '../views/sessions-page.js';
import { notFoundPage } from '../views/error-pages.js';

/** "Your sessions": where the user is signed in, and ending the others. */
export function sessionRoutes(ctx: PortalContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const router = express.Router();
  router.use('/account/sessions', requirePortalSession, requireCapability(ctx, 'manage_own_sessions'));
  const actorOf = (req: Request): ActingUser => {
    const session = portalSessionOf(req)!;
    return { userId: session.userId, clientId: session.clientId, workspaceId: session.workspaceId, ip: req.ip ?? null };
  };

  router.get('/account/sessions', async (req, res) => {
    const session = portalSessionOf(req)!;
    const done = req.query.done;
    const notice = typeof done === 'string' && Object.hasOwn(SESSION_NOTICES, done) ? SESSION_NOTICES[done as keyof typeof SESSION_NOTICES] : null;
    return sendPage(ctx, req, res, 200, sessionsPage(await listActiveSessions(app.store.db, session.userId, session.idHash, ctx.now()), session.csrfToken, notice));
  });

  router.post('/account/sessions/end-others', form, requireCsrf(ctx), async (req, res) => {
    await endOtherSessions(app, actorOf(req), portalSessionOf(req)!.idHash, ctx.now());
    res.redirect(303, '/account/sessions?done=others_ended');
  });

  router.post('/account/sessions/:handle/end', form, requireCsrf(ctx), async (req, res) => {
    const handle = parseId(req.params.handle);
    if (handle === null || !(await endOwnSession(app, actorOf(req), portalSessionOf(req)!.idHash, handle, ctx.now()))) return sendPage(ctx, req, res, 404, notFoundPage());
    res.redirect(303, '/account/sessions?done=ended');
  });

  return router;
}
