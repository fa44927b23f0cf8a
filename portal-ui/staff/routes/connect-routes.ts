import express from 'express';
import type { StaffContext } from '../staff-context.js';
import { sendStaffPage } from '../send-staff-page.js';
import { actorOf, staffSessionOf } from '../staff-session.js';
import { staffWrite } from '../staff-guards.js';
import { parseId } from '../../parse-id.js';
import { messageFrom } from '../staff-messages.js';
import { loadConnectPage } from '../loaders/load-connect-page.js';
import { connectPage } from '../views/connect-page.js';
import { chooseAccountPage, connectionPage } from '../views/connection-page.js';
import { staffBadRequestPage, staffNotFoundPage } from '../views/staff-error-pages.js';
import { staffCan } from '../../../src/staff/staff-permissions.js';
import { startOAuth, oauthRedirectUri } from '../../../src/connections/start-oauth.js';
import { findConnection } from '../../../src/store/connections/find-connection.js';
import { connectWithToken } from '../../../src/staff/services/connect-with-token.js';
import { accountChoices } from '../../../src/staff/services/account-choices.js';
import { chooseConnectionAccount } from '../../../src/staff/services/choose-account.js';
import { disconnectConnection } from '../../../src/staff/services/disconnect-connection.js';
import { runSyncNow } from '../../../src/staff/services/run-sync-now.js';
import { anySyncRunning, loadSyncHealth } from '../../../src/staff/read/load-sync-health.js';
import { loadWebhookSetup } from '../../../src/staff/read/load-webhook-setup.js';
import { insertAuditEntry } from '../../../src/store/audit/insert-audit-entry.js';

/** Seconds between reloads of a page showing a running sync. */
export const LIVE_REFRESH_SECONDS = 3;

/** Connect, a connection's page (account, sync health, webhooks, disconnect), account choice, Run now. */
export function connectRoutes(ctx: StaffContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const router = express.Router();
  const own = async (id: unknown) => {
    const parsed = parseId(id);
    const connection = parsed === null ? undefined : await findConnection(app.store.db, parsed);
    return connection && connection.workspaceId === app.workspaceId && app.connectors.has(connection.provider) ? connection : null;
  };

  router.get('/connect', async (req, res) => {
    const session = staffSessionOf(req)!;
    allowAuthorizeFormActions(ctx, res);
    sendStaffPage(ctx, req, res, 200, connectPage({ cards: await loadConnectPage(app), canManage: staffCan(session.role, 'manage_connections'), csrfToken: session.csrfToken, message: messageFrom(req.query) }));
  });

  router.post('/connect/:provider/oauth', form, ...staffWrite(ctx, 'manage_connections'), async (req, res) => {
    const session = staffSessionOf(req)!;
    const provider = String(req.params.provider);
    if (!app.connectors.has(provider) || !app.connectors.get(provider).oauth) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    let url: string;
    try {
      url = (await startOAuth(app, provider, ctx.now(), { staffUserId: session.staffUserId })).url;
    } catch (error) {
      return sendStaffPage(ctx, req, res, 400, staffBadRequestPage(error instanceof Error ? error.message : String(error)));
    }
    await insertAuditEntry(app.store.db, { workspaceId: app.workspaceId, actorType: 'staff', actorId: session.staffUserId, ip: req.ip ?? null, action: 'connection.connect_started', details: { provider } }, ctx.now());
    res.redirect(303, url);
  });

  router.post('/connect/:provider/token', form, ...staffWrite(ctx, 'manage_connections'), async (req, res) => {
    const session = staffSessionOf(req)!;
    const provider = String(req.params.provider);
    const result = await connectWithToken(app, actorOf(req), provider, req.body?.token, ctx.now());
    if (result.ok) return res.redirect(303, `/staff/connections/${result.connection.id}?done=connected`);
    allowAuthorizeFormActions(ctx, res);
    sendStaffPage(ctx, req, res, 400, connectPage({ cards: await loadConnectPage(app), canManage: true, csrfToken: session.csrfToken, message: null, tokenError: { provider, text: result.error } }));
  });

  router.get('/connections/:id', async (req, res) => {
    const session = staffSessionOf(req)!;
    const connection = await own(req.params.id);
    if (!connection) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    const now = ctx.now();
    const [health] = await loadSyncHealth(app, now, connection.id);
    const [webhook] = await loadWebhookSetup(app, connection.id);
    sendStaffPage(
      ctx,
      req,
      res,
      200,
      connectionPage({
        connection,
        providerName: app.connectors.get(connection.provider).displayName,
        health: health!,
        webhook: webhook!,
        choices: accountChoices(app.connectors, connection),
        canManage: staffCan(session.role, 'manage_connections'),
        canPurge: staffCan(session.role, 'purge_connection_data'),
        canRun: staffCan(session.role, 'run_syncs'),
        csrfToken: session.csrfToken,
        message: messageFrom(req.query),
        refreshSeconds: anySyncRunning([health!]) ? LIVE_REFRESH_SECONDS : undefined,
      }),
    );
  });

  router.get('/connections/:id/choose', async (req, res) => {
    const session = staffSessionOf(req)!;
    const connection = await own(req.params.id);
    const choices = connection ? accountChoices(app.connectors, connection) : null;
    if (!connection || !choices) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    sendStaffPage(ctx, req, res, 200, chooseAccountPage({ connection, providerName: app.connectors.get(connection.provider).displayName, choices, csrfToken: session.csrfToken, canManage: staffCan(session.role, 'manage_connections') }));
  });

  router.post('/connections/:id/choose', form, ...staffWrite(ctx, 'manage_connections'), async (req, res) => {
    const connection = await own(req.params.id);
    if (!connection) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    const outcome = await chooseConnectionAccount(app, actorOf(req), connection.id, req.body?.accountId, ctx.now());
    if (outcome === 'not_found') return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    if (outcome === 'invalid') return sendStaffPage(ctx, req, res, 400, staffBadRequestPage('Choose one of the listed accounts.'));
    res.redirect(303, `/staff/connections/${connection.id}?done=chosen`);
  });

  router.post('/connections/:id/disconnect', form, ...staffWrite(ctx, 'manage_connections'), async (req, res) => {
    const session = staffSessionOf(req)!;
    const connection = await own(req.params.id);
    if (!connection) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    const purge = req.body?.purge === '1';
    if (purge && !staffCan(session.role, 'purge_connection_data')) return sendStaffPage(ctx, req, res, 403, staffBadRequestPage('Your role cannot purge synced data.'));
    const result = await disconnectConnection(app, actorOf(req), connection.id, { purge, confirmation: req.body?.confirm }, ctx.now());
    if (!result.ok && result.reason === 'confirmation') return sendStaffPage(ctx, req, res, 400, staffBadRequestPage(`To purge, type the provider’s name (${connection.provider}) in the confirmation box.`));
    if (!result.ok) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    res.redirect(303, `/staff/connections/${connection.id}?done=${purge ? 'purged' : 'disconnected'}`);
  });

  router.post('/connections/:id/sync', form, ...staffWrite(ctx, 'run_syncs'), async (req, res) => {
    const connection = await own(req.params.id);
    if (!connection) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    const objectType = typeof req.body?.objectType === 'string' && req.body.objectType ? String(req.body.objectType) : undefined;
    const result = await runSyncNow(app, actorOf(req), { connectionId: connection.id, objectType, full: req.body?.full === '1' }, ctx.now());
    if (!result.ok) return sendStaffPage(ctx, req, res, result.reason === 'not_found' ? 404 : 409, staffBadRequestPage(result.reason === 'not_active' ? 'A disconnected connection cannot sync: connect it again first.' : 'There is no such object type on this connection.'));
    res.redirect(303, req.body?.return === 'sync' ? '/staff/sync?done=queued' : `/staff/connections/${connection.id}?done=queued`);
  });

  return router;
}

/**
 * Chromium applies the page's CSP form-action to where a form's response redirects, so the Connect
 * page's forms may go on to the providers' authorize pages (and nowhere else): their origins are
 * added to this one page's form-action.
 */
function allowAuthorizeFormActions(ctx: StaffContext, res: express.Response): void {
  const policy = res.getHeader('Content-Security-Policy');
  if (typeof policy !== 'string') return;
  const origins = new Set<string>();
  for (const connector of ctx.app.connectors.all()) {
    try {
      const url = connector.oauth?.authorizeUrl({ state: 'probe', redirectUri: oauthRedirectUri(ctx.app, connector.provider), config: ctx.app.config });
      if (url) origins.add(new URL(url).origin);
    } catch {
      // Not configured here: nothing to allow.
    }
  }
  if (origins.size > 0) res.setHeader('Content-Security-Policy', policy.replace("form-action 'self'", `form-action 'self' ${[...origins].join(' ')}`));
}
