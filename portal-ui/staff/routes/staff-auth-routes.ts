import express from 'express';
import type { StaffContext } from '../staff-context.js';
import { sendStaffPage } from '../send-staff-page.js';
import { staffSessionOf } from '../staff-session.js';
import { requestStaffSignIn } from '../../../src/staff/request-staff-sign-in.js';
import { signInStaff } from '../../../src/staff/sign-in-staff.js';
import { endStaffSession } from '../../../src/staff/staff-sessions.js';
import { readStaffCookie, serializeClearedStaffCookie, serializeStaffCookie } from '../../../src/staff/staff-cookie.js';
import { SESSION_ABSOLUTE_TIMEOUT_MS } from '../../../src/auth/create-session.js';
import { isCrossSiteRequest, verifyCsrf } from '../../../src/auth/verify-csrf.js';
import { insertAuditEntry } from '../../../src/store/audit/insert-audit-entry.js';
import { staffConfirmLinkPage, staffConfirmOtherBrowserPage, staffLinkExpiredPage, staffSignedOutPage, staffSignInPage, staffThrottledPage } from '../views/staff-sign-in-pages.js';
import { hashLinkBrowserNonce, isSameBrowser, newLinkBrowserNonce, readLinkBrowserNonce, serializeLinkBrowserCookie } from '../../../src/auth/link-browser-cookie.js';
import { releaseAttempt, reserveAttempt, type AttemptKey } from '../../../src/auth/attempt-limits.js';
import { readStaffLinkBinding } from '../../../src/staff/staff-sign-in-links.js';
import { constantTimeEqual } from '../../../src/crypto/tokens.js';
import { staffEmailSchema } from '../../../src/staff/staff-users.js';
import { csrfRefusedPage } from '../views/staff-error-pages.js';

/**
 * Staff sign-in by emailed link (GET shows a button, only its POST signs in), and sign-out. Links
 * are bound to the browser that asked, as in the portal (portal-ui/routes/auth-link-routes.ts): in
 * that browser the button signs in; elsewhere the address the link was sent to must be typed too
 * (wrong ones counted per IP). Links printed by `clienthub staff add` are not bound.
 */
export function staffAuthRoutes(ctx: StaffContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const router = express.Router();

  router.get('/sign-in', (req, res) => {
    if (staffSessionOf(req)) return res.redirect(303, '/staff/connect');
    sendStaffPage(ctx, req, res, 200, staffSignInPage({ sent: req.query.sent === '1' }));
  });

  router.post('/sign-in', form, async (req, res) => {
    if (isCrossSiteRequest(req.headers)) return sendStaffPage(ctx, req, res, 403, csrfRefusedPage());
    const email: unknown = req.body?.email;
    // The portal's link cookie: one nonce per browser, reused while it lives.
    const nonce = readLinkBrowserNonce(app.config, req.headers.cookie) ?? newLinkBrowserNonce();
    const result = await requestStaffSignIn(app, { email, ip: req.ip ?? null, browserHash: hashLinkBrowserNonce(app.keyring.signingKey, nonce) }, ctx.now());
    if (result.outcome === 'invalid') return sendStaffPage(ctx, req, res, 400, staffSignInPage({ invalid: true, email: typeof email === 'string' ? email.slice(0, 254) : '' }));
    if (result.outcome === 'throttled') {
      res.set('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
      return sendStaffPage(ctx, req, res, 429, staffThrottledPage(result.retryAfterMs));
    }
    res.append('Set-Cookie', serializeLinkBrowserCookie(app.config, nonce));
    if (result.outcome === 'queued') await app.jobs.enqueue('mail.deliver', {}, { dedupeKey: 'mail.deliver' });
    res.redirect(303, '/staff/sign-in?sent=1');
  });

  router.get('/auth/link/:token', (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    sendStaffPage(ctx, req, res, 200, staffConfirmLinkPage(req.params.token));
  });

  router.post('/auth/link', form, async (req, res) => {
    const now = ctx.now();
    if (isCrossSiteRequest(req.headers)) {
      await insertAuditEntry(app.store.db, { workspaceId: app.workspaceId, actorType: 'staff', action: 'staff.sign_in_failed', ip: req.ip ?? null, details: { reason: 'cross_site' } }, now);
      return sendStaffPage(ctx, req, res, 403, csrfRefusedPage());
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token = typeof body.token === 'string' ? body.token : '';
    const ip = req.ip ?? null;
    res.set('Referrer-Policy', 'no-referrer');
    const binding = await readStaffLinkBinding(app.store.db, app.keyring.signingKey, token, now);
    if (binding?.browserHash && !isSameBrowser(app.keyring.signingKey, binding.browserHash, readLinkBrowserNonce(app.config, req.headers.cookie))) {
      if (body.email === undefined) return sendStaffPage(ctx, req, res, 200, staffConfirmOtherBrowserPage(token, null));
      const keys: AttemptKey[] = ip ? [{ rule: 'linkConfirmIp', subject: ip }] : [];
      const reservation = await reserveAttempt(app.store, app.keyring.signingKey, keys, now);
      if (!reservation.ok) {
        res.set('Retry-After', String(Math.ceil(reservation.retryAfterMs / 1000)));
        return sendStaffPage(ctx, req, res, 429, staffThrottledPage(reservation.retryAfterMs));
      }
      const typed = staffEmailSchema.safeParse(typeof body.email === 'string' ? body.email : '');
      if (!typed.success || !constantTimeEqual(typed.data, binding.email.toLowerCase())) {
        await insertAuditEntry(app.store.db, { workspaceId: app.workspaceId, actorType: 'staff', actorId: binding.staffUserId, action: 'staff.sign_in_failed', subjectType: 'staff_user', subjectId: binding.staffUserId, ip, details: { reason: 'other_browser_wrong_email' } }, now);
        return sendStaffPage(ctx, req, res, 400, staffConfirmOtherBrowserPage(token, 'That is not the address this link was sent to.'));
      }
      // Only wrong addresses count.
      await releaseAttempt(app.store.db, app.keyring.signingKey, keys, now);
    }
    const result = await signInStaff(
      app,
      { token, previousSessionId: readStaffCookie(app.config, req.headers.cookie), ip, userAgent: req.get('user-agent') ?? null },
      now,
    );
    if (!result.ok) return sendStaffPage(ctx, req, res, result.reason === 'malformed' ? 400 : 410, staffLinkExpiredPage());
    res.append('Set-Cookie', serializeStaffCookie(app.config, result.session.sessionId, SESSION_ABSOLUTE_TIMEOUT_MS / 1000));
    res.redirect(303, '/staff/connect');
  });

  router.post('/sign-out', form, async (req, res) => {
    const session = staffSessionOf(req);
    if (!session) return res.redirect(303, '/staff/signed-out');
    if (!verifyCsrf(session, req.body?._csrf)) return sendStaffPage(ctx, req, res, 403, csrfRefusedPage());
    const now = ctx.now();
    await app.store.transaction(async (tx) => {
      await endStaffSession(tx, session.idHash, now);
      await insertAuditEntry(tx, { workspaceId: app.workspaceId, actorType: 'staff', actorId: session.staffUserId, action: 'staff.sign_out', subjectType: 'staff_user', subjectId: session.staffUserId, ip: req.ip ?? null }, now);
    });
    res.append('Set-Cookie', serializeClearedStaffCookie(app.config));
    res.redirect(303, '/staff/signed-out');
  });

  router.get('/signed-out', (req, res) => sendStaffPage(ctx, req, res, 200, staffSignedOutPage()));
  return router;
}
