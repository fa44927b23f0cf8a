import express from 'express';
import type { AppContext } from '../../src/app/app-context.js';
import type { StaffContext } from './staff-context.js';
import { attachStaffSession, requireStaffSession } from './staff-session.js';
import { sendStaffPage } from './send-staff-page.js';
import { staffAuthRoutes } from './routes/staff-auth-routes.js';
import { connectRoutes } from './routes/connect-routes.js';
import { syncRoutes } from './routes/sync-routes.js';
import { clientRoutes } from './routes/client-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { unlinkedRoutes } from './routes/unlinked-routes.js';
import { actionRoutes } from './routes/action-routes.js';
import { STAFF_CSS } from './views/staff-css.js';
import { staffNotFoundPage, staffServerErrorPage } from './views/staff-error-pages.js';
import { staffBadRequestPage } from './views/staff-error-pages.js';

export interface StaffRouterOptions {
  now?: () => number;
}

/**
 * The staff console, mounted at /staff by createHttpApp before the portal. It reads only its own
 * cookie and session table, so a client's portal session is no session here, and it answers every
 * /staff address itself (its own 404), so nothing under /staff ever reaches the portal.
 */
export function createStaffRouter(app: AppContext, options: StaffRouterOptions = {}): express.Router {
  const ctx: StaffContext = { app, now: options.now ?? Date.now };
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 });
  const router = express.Router();

  router.get('/assets/staff.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(STAFF_CSS);
  });
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(attachStaffSession(ctx));
  router.use(staffAuthRoutes(ctx, form));
  router.use(requireStaffSession);
  router.get('/', (_req, res) => res.redirect(303, '/staff/connect'));
  router.use(connectRoutes(ctx, form));
  router.use(syncRoutes(ctx, form));
  router.use(clientRoutes(ctx, form));
  router.use(unlinkedRoutes(ctx, form));
  router.use(actionRoutes(ctx, form));
  router.use(auditRoutes(ctx));
  router.use((req, res) => sendStaffPage(ctx, req, res, 404, staffNotFoundPage()));
  router.use((error: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) return sendStaffPage(ctx, req, res, status, staffBadRequestPage('The request could not be read.'));
    app.logger.error('staff console request failed', { path: req.path, error: error instanceof Error ? error.stack ?? error.message : String(error) });
    sendStaffPage(ctx, req, res, 500, staffServerErrorPage());
  });
  return router;
}
