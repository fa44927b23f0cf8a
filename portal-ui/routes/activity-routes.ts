import express from 'express';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCapability } from '../require-capability.js';
import { sendPage } from '../send-page.js';
import { parseId } from '../parse-id.js';
import { loadActivity } from '../../src/activity/load-activity.js';
import { activityPage } from '../views/activity-page.js';
import { notFoundPage } from '../views/error-pages.js';

const MAX_PAGE = 10_000;

export function activityRoutes(ctx: PortalContext): express.Router {
  const router = express.Router();
  router.get('/activity', requirePortalSession, requireCapability(ctx, 'view_activity'), async (req, res) => {
    const session = portalSessionOf(req)!;
    const page = req.query.page === undefined ? 1 : parseId(req.query.page);
    if (page === null || page > MAX_PAGE) return sendPage(ctx, req, res, 404, notFoundPage());
    await sendPage(ctx, req, res, 200, activityPage(await loadActivity(ctx.app.store.db, session.clientId, session.role, page), session.timeZone));
  });
  return router;
}
