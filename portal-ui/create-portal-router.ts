import { isStoreUnavailable } from '../src/store/is-store-unavailable.js';
import express from 'express';
import type { AppContext } from '../src/app/app-context.js';
import type { PortalContext } from './portal-context.js';
import { attachPortalSession } from './require-portal-session.js';
import { sendPage } from './send-page.js';
import { assetRoutes } from './routes/asset-routes.js';
import { homeRoutes } from './routes/home-routes.js';
import { authLinkRoutes } from './routes/auth-link-routes.js';
import { signOutRoutes } from './routes/sign-out-routes.js';
import { clientRoutes } from './routes/client-routes.js';
import { projectRoutes } from './routes/project-routes.js';
import { invoiceRoutes } from './routes/invoice-routes.js';
import { paymentRoutes } from './routes/payment-routes.js';
import { activityRoutes } from './routes/activity-routes.js';
import { teamRoutes } from './routes/team-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { signInRoutes } from './routes/sign-in-routes.js';
import { twoFactorRoutes } from './routes/two-factor-routes.js';
import { accountRoutes } from './routes/account-routes.js';
import { unsubscribeRoutes } from './routes/unsubscribe-routes.js';
import { approvalRoutes } from './routes/approval-routes.js';
import { messageRoutes } from './routes/message-routes.js';
import { documentRoutes } from './routes/document-routes.js';
import { uploadRoutes } from './uploads/upload-routes.js';
import { requestRoutes } from './routes/request-routes.js';
import { badRequestPage, notFoundPage, serverErrorPage } from './views/error-pages.js';

export interface PortalRouterOptions {
  /** Clock for session timeouts and "synced n minutes ago"; tests move it. */
  now?: () => number;
}

/**
 * The client portal: sign-in (magic link, optional password, TOTP two-factor), server-side sessions,
 * a client's own pages, their account and email preferences.
 * Mounted last by createHttpApp: its final handler answers every unmatched address with the portal's 404.
 */
export function createPortalRouter(app: AppContext, options: PortalRouterOptions = {}): express.Router {
  const ctx: PortalContext = { app, now: options.now ?? Date.now };
  // Forms carry a token or a CSRF field and a few short fields (an invitation): a few kilobytes is plenty.
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 20 });
  const router = express.Router();

  router.use(assetRoutes(app.config.portal.primaryColor));
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(attachPortalSession(ctx));
  router.use(homeRoutes(ctx));
  router.use(signInRoutes(ctx, form));
  router.use(authLinkRoutes(ctx, form));
  router.use(twoFactorRoutes(ctx, form));
  router.use(unsubscribeRoutes(ctx, form));
  router.use(signOutRoutes(ctx, form));
  router.use(clientRoutes(ctx));
  router.use(uploadRoutes(ctx));
  router.use(projectRoutes(ctx));
  router.use(invoiceRoutes(ctx));
  router.use(paymentRoutes(ctx));
  router.use(activityRoutes(ctx));
  router.use(approvalRoutes(ctx));
  router.use(messageRoutes(ctx));
  router.use(documentRoutes(ctx));
  router.use(requestRoutes(ctx));
  router.use(teamRoutes(ctx, form));
  router.use(sessionRoutes(ctx, form));
  router.use(accountRoutes(ctx, form));
  router.use((req, res) => sendPage(ctx, req, res, 404, notFoundPage()));

  router.use(async (error: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const status = httpStatusOf(error);
    if (status >= 500) app.logger.error('portal request failed', { path: req.path, error: error instanceof Error ? error.stack ?? error.message : String(error) });
    // The database out of reach: the page's layout needs it too, so the plain page at once.
    if (isStoreUnavailable(error)) return sendUnavailable(res);
    try {
      await sendPage(ctx, req, res, status, status >= 500 ? serverErrorPage() : badRequestPage());
    } catch (pageError) {
      // The layout reads the store too (time zone, modules): when the store itself is what failed, a
      // plain page that says to try again, never a stack trace.
      app.logger.error('portal error page could not be rendered', { path: req.path, error: pageError instanceof Error ? pageError.message : String(pageError) });
      if (!res.headersSent) sendUnavailable(res);
    }
  });
  return router;
}

/** A plain page that says to try again: nothing of the portal's layout, which reads the store. */
function sendUnavailable(res: express.Response): void {
  res.status(503).set({ 'Retry-After': '30', 'Cache-Control': 'no-store' }).type('text').send('The portal is unavailable for a moment. Please try again in a minute.');
}

/** Body-parser errors carry a 4xx status (413 too large, 400 malformed); anything else is ours. */
function httpStatusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}
