import express from 'express';
import type { Request } from 'express';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCapability, requireCsrf } from '../require-capability.js';
import { sendPage } from '../send-page.js';
import { loadAccount } from '../account/load-account.js';
import { isNotifyMode, setNotificationMode } from '../../src/notifications/set-notification-mode.js';
import { changePassword } from '../../src/portal-auth/change-password.js';
import { disableTwoFactor, regenerateRecoveryCodes } from '../../src/portal-auth/manage-two-factor.js';
import { ACCOUNT_NOTICES, accountPage, PASSWORD_PROBLEMS, passwordPage, type AccountView } from '../views/account-page.js';
import { recoveryCodesPage } from '../views/two-factor-pages.js';
import { notFoundPage } from '../views/error-pages.js';
import { sendBusy, sendThrottled } from './sign-in-routes.js';
import { saveUserTimeZone } from '../loaders/user-time-zone.js';

/** The signed-in person's own account: email preferences, password, two-factor. Every change is a POST with CSRF. */
export function accountRoutes(ctx: PortalContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const policy = app.config.portal.signIn;
  const router = express.Router();
  router.use('/account', requirePortalSession, requireCapability(ctx, 'manage_own_account'));
  const change = [form, requireCsrf(ctx)];

  const view = async (req: Request, extra: Partial<AccountView> = {}): Promise<AccountView> => {
    const session = portalSessionOf(req)!;
    const facts = await loadAccount(app.store.db, session.userId);
    const done = req.query.done;
    return {
      name: session.name,
      email: session.email,
      role: session.role,
      clientName: facts.clientName,
      csrfToken: session.csrfToken,
      policy,
      notifyMode: facts.notifyMode,
      hasPassword: session.hasPassword,
      passwordChangedAt: facts.passwordChangedAt,
      twoFactor: { on: facts.twoFactorOn, required: app.config.portal.requireTwoFactor, recoveryCodesLeft: facts.recoveryCodesLeft },
      notice: typeof done === 'string' && Object.hasOwn(ACCOUNT_NOTICES, done) ? ACCOUNT_NOTICES[done as keyof typeof ACCOUNT_NOTICES] : null,
      ...extra,
    };
  };

  router.get('/account', async (req, res) => sendPage(ctx, req, res, 200, accountPage(await view(req))));

  router.post('/account/notifications', ...change, async (req, res) => {
    const session = portalSessionOf(req)!;
    const mode = (req.body as Record<string, unknown>).mode;
    if (!isNotifyMode(mode)) return sendPage(ctx, req, res, 400, accountPage(await view(req, { notice: 'Choose one of the options listed.' })));
    await setNotificationMode(app, session, mode, 'account', req.ip ?? null, ctx.now());
    res.redirect(303, '/account?done=notifications_saved');
  });

  // The browser's time zone (sent by the portal script): dates are shown in it. 204, no page.
  router.post('/account/time-zone', ...change, async (req, res) => {
    const session = portalSessionOf(req)!;
    if (!(await saveUserTimeZone(app.store.db, session.userId, (req.body as Record<string, unknown>).timeZone))) return void res.status(400).type('text').send('Not a time zone');
    res.status(204).end();
  });

  router.get('/account/password', async (req, res) => {
    if (policy === 'magic_link') return sendPage(ctx, req, res, 404, notFoundPage());
    const session = portalSessionOf(req)!;
    await sendPage(ctx, req, res, 200, passwordPage({ csrfToken: session.csrfToken, hasPassword: session.hasPassword, required: policy === 'password' && !session.hasPassword }));
  });

  router.post('/account/password', ...change, async (req, res, next) => {
    if (policy === 'magic_link') return sendPage(ctx, req, res, 404, notFoundPage());
    try {
      const session = portalSessionOf(req)!;
      const body = req.body as Record<string, unknown>;
      const result = await changePassword(app, session, { current: body.current, password: body.password, confirmation: body.confirmation, ip: req.ip ?? null }, ctx.now());
      if (result.ok) return res.redirect(303, '/account?done=password_set');
      if (result.reason === 'throttled') return sendThrottled(ctx, req, res, result.retryAfterMs);
      if (result.reason === 'busy') return sendBusy(ctx, req, res, result.retryAfterMs);
      const error = { field: result.reason === 'wrong_current' ? ('current' as const) : ('password' as const), message: PASSWORD_PROBLEMS[result.reason] ?? 'Check your password.' };
      await sendPage(ctx, req, res, 400, passwordPage({ csrfToken: session.csrfToken, hasPassword: session.hasPassword, required: policy === 'password' && !session.hasPassword, error }));
    } catch (error) {
      next(error);
    }
  });

  const codeMessage = (reason: 'invalid' | 'not_allowed') => (reason === 'invalid' ? 'That code is not right. Use the newest code from your app, or a recovery code.' : 'This cannot be changed here.');

  router.post('/account/two-factor/disable', ...change, async (req, res) => {
    const session = portalSessionOf(req)!;
    const result = await disableTwoFactor(app, session, { code: (req.body as Record<string, unknown>).code, ip: req.ip ?? null }, ctx.now());
    if (result.ok) return res.redirect(303, '/account?done=two_factor_off');
    if (result.reason === 'throttled') return sendThrottled(ctx, req, res, result.retryAfterMs);
    await sendPage(ctx, req, res, 400, accountPage(await view(req, { codeError: { form: 'disable', message: codeMessage(result.reason) } })));
  });

  router.post('/account/two-factor/recovery-codes', ...change, async (req, res) => {
    const session = portalSessionOf(req)!;
    const result = await regenerateRecoveryCodes(app, session, { code: (req.body as Record<string, unknown>).code, ip: req.ip ?? null }, ctx.now());
    if (result.ok) return sendPage(ctx, req, res, 200, recoveryCodesPage(result.value, { href: '/account', label: 'Back to your account' }, true));
    if (result.reason === 'throttled') return sendThrottled(ctx, req, res, result.retryAfterMs);
    await sendPage(ctx, req, res, 400, accountPage(await view(req, { codeError: { form: 'codes', message: codeMessage(result.reason) } })));
  });

  return router;
}
