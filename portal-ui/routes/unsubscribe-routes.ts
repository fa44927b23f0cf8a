import express from 'express';
import type { PortalContext } from '../portal-context.js';
import { sendPage } from '../send-page.js';
import { readUnsubscribeToken } from '../../src/notifications/unsubscribe-token.js';
import { setNotificationMode } from '../../src/notifications/set-notification-mode.js';
import { findPortalUser } from '../../src/store/auth/find-portal-user.js';
import { notFoundPage } from '../views/error-pages.js';
import { unsubscribeConfirmPage, unsubscribedPage } from '../views/unsubscribe-pages.js';

/**
 * One-click unsubscribe (RFC 8058). Mail clients POST `List-Unsubscribe=One-Click` to the URL in the
 * List-Unsubscribe header, from their servers and without cookies: the signed token is the only
 * credential, and the only thing it can do is turn that user's emails off. A GET (a person clicking the
 * link in the footer, or a scanner) shows a button and changes nothing.
 */
export function unsubscribeRoutes(ctx: PortalContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const router = express.Router();
  const userFor = async (token: string) => {
    const userId = readUnsubscribeToken(app.keyring.signingKey, token);
    if (userId === null) return null;
    const user = await findPortalUser(app.store.db, userId);
    return user ? { userId: user.id, workspaceId: user.workspaceId, clientId: user.clientId, email: user.email } : null;
  };

  router.get('/notifications/unsubscribe/:token', async (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    const user = await userFor(req.params.token);
    if (!user) return sendPage(ctx, req, res, 404, notFoundPage());
    return sendPage(ctx, req, res, 200, unsubscribeConfirmPage(app.config.businessName, req.params.token));
  });

  router.post('/notifications/unsubscribe/:token', form, async (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    const user = await userFor(String(req.params.token));
    if (!user) return sendPage(ctx, req, res, 404, notFoundPage());
    await setNotificationMode(app, user, 'off', 'unsubscribe_link', req.ip ?? null, ctx.now());
    return sendPage(ctx, req, res, 200, unsubscribedPage(app.config.businessName));
  });

  return router;
}
