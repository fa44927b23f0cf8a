import express from 'express';
import type { AppContext } from '../src/app/app-context.js';
import { writeTransaction } from '../src/db/open-database.js';
import { writeAudit } from '../src/audit/write-audit.js';
import { consumeAuthToken } from '../src/auth/consume-auth-token.js';
import { createSession, endSession, SESSION_ABSOLUTE_MS } from '../src/auth/portal-sessions.js';
import { serializeSessionCookie, clearSessionCookie } from '../src/auth/session-cookie.js';
import { constantTimeEqual } from '../src/crypto/tokens.js';
import { loadPortalSession, requirePortalSession, type PortalRequest } from './require-portal-session.js';
import { loadClientDeal, loadDashboard } from './load-dashboard.js';
import { layout } from './views/layout.js';
import { confirmLinkPage, dashboardPage, dealPage, messagePage, signInPage } from './views/pages.js';
import { PORTAL_CSS } from './views/portal-css.js';
import type { SafeHtml } from './views/html.js';

/** The client portal: magic-link sign-in, sessions, and the pages a client sees of their own company. */
export function createPortalRouter(app: AppContext): express.Router {
  const router = express.Router();
  const businessName = app.config.businessName;
  const send = (req: PortalRequest, res: express.Response, status: number, title: string, body: SafeHtml) => {
    const user = req.portalSession ? { name: req.portalSession.name, email: req.portalSession.email, csrfToken: req.portalSession.csrfToken } : undefined;
    res.status(status).type('html').send(layout({ businessName, title, body, user }));
  };
  const notFound = (req: PortalRequest, res: express.Response) =>
    send(req, res, 404, 'Page not found', messagePage('Page not found', 'There is nothing at this address.', { href: '/', label: 'Go to your dashboard' }));

  router.get('/assets/portal.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(PORTAL_CSS);
  });
  router.use(loadPortalSession(app));
  const form = express.urlencoded({ extended: false, limit: '8kb' });

  router.get('/', (req: PortalRequest, res) => {
    if (req.portalSession) return res.redirect(303, `/clients/${req.portalSession.clientId}`);
    send(req, res, 200, 'Sign in', signInPage(businessName));
  });

  // Opening the link only shows a button: mail scanners that prefetch links cannot use them up.
  router.get('/auth/link/:token', (req: PortalRequest, res) => {
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer');
    send(req, res, 200, 'Sign in', confirmLinkPage(businessName, String(req.params.token)));
  });

  router.post('/auth/link', form, (req: PortalRequest, res) => {
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    const meta = { userAgent: req.get('user-agent'), ip: req.ip };
    const result = writeTransaction(app.db, () => {
      const consumed = token ? consumeAuthToken(app.db, app.keyring.signingKey, token) : ({ ok: false } as const);
      if (!consumed.ok) {
        writeAudit(app.db, { workspaceId: app.workspaceId, actorType: 'portal_user', action: 'portal.sign_in_failed', ip: req.ip ?? null, details: { reason: 'invalid, expired or used link' } });
        return null;
      }
      // A fresh session id at every sign-in, and any session this browser had before ends.
      if (req.portalSession) endSession(app.db, req.portalSession.idHash);
      const sessionId = createSession(app.db, app.keyring.signingKey, consumed.userId, meta);
      writeAudit(app.db, { workspaceId: app.workspaceId, actorType: 'portal_user', actorId: consumed.userId, action: 'portal.sign_in', clientId: consumed.clientId, ip: req.ip ?? null, details: { via: consumed.purpose } });
      return { sessionId, clientId: consumed.clientId };
    });
    if (!result) {
      return send(req, res, 410, 'Link expired', messagePage('This link has expired or was already used', 'Sign-in links work once and only for a limited time. Ask your account manager for a new one.'));
    }
    res.append('Set-Cookie', serializeSessionCookie(app.config, result.sessionId, SESSION_ABSOLUTE_MS / 1000));
    res.redirect(303, `/clients/${result.clientId}`);
  });

  router.post('/auth/sign-out', form, (req: PortalRequest, res) => {
    const session = req.portalSession;
    const csrf = typeof req.body?._csrf === 'string' ? req.body._csrf : '';
    if (!session) return res.redirect(303, '/');
    if (!constantTimeEqual(csrf, session.csrfToken)) {
      return send(req, res, 403, 'Request refused', messagePage('Request refused', 'This form has expired. Go back, reload the page and try again.'));
    }
    writeTransaction(app.db, () => {
      endSession(app.db, session.idHash);
      writeAudit(app.db, { workspaceId: app.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'portal.sign_out', clientId: session.clientId, ip: req.ip ?? null });
    });
    res.append('Set-Cookie', clearSessionCookie(app.config));
    res.redirect(303, '/signed-out');
  });

  router.get('/signed-out', (req: PortalRequest, res) => {
    send(req, res, 200, 'Signed out', messagePage('You are signed out', 'Use the link in your email to sign in again.'));
  });

  router.get('/clients/:clientId', requirePortalSession, (req: PortalRequest, res) => {
    const session = req.portalSession!;
    // Another client's id answers exactly like an id that does not exist.
    if (String(session.clientId) !== req.params.clientId) return notFound(req, res);
    const dashboard = loadDashboard(app.db, session.clientId);
    if (!dashboard) return notFound(req, res);
    send(req, res, 200, dashboard.clientName, dashboardPage(dashboard));
  });

  router.get('/deals/:dealId', requirePortalSession, (req: PortalRequest, res) => {
    const session = req.portalSession!;
    const id = Number(req.params.dealId);
    const deal = Number.isSafeInteger(id) ? loadClientDeal(app.db, session.clientId, id) : undefined;
    if (!deal) return notFound(req, res);
    send(req, res, 200, deal.name, dealPage(deal, session.clientId));
  });

  router.use((req: PortalRequest, res) => notFound(req, res));
  return router;
}
