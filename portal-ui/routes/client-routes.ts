import express from 'express';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCapability } from '../require-capability.js';
import { sendPage } from '../send-page.js';
import { parseId } from '../parse-id.js';
import { loadClientDeal, loadDashboard } from '../load-dashboard.js';
import { loadDashboardFigures, type DashboardFigures } from '../loaders/load-dashboard-figures.js';
import { availableModules, moduleAllows, type PortalModule } from '../../src/portal-access/available-modules.js';
import { dashboardPage } from '../views/dashboard-page.js';
import { dealPage } from '../views/deal-page.js';
import { loadWaitingOnYou } from '../approvals/load-waiting-on-you.js';
import { can } from '../../src/portal-access/portal-permissions.js';
import { notFoundPage } from '../views/error-pages.js';
import { payOptionsOf } from '../loaders/pay-options.js';
import { todayIn } from '../loaders/calendar-day.js';

/**
 * A client's dashboard and engagements. The URL only ever selects among the signed-in user's own data:
 * the client id must be the session's, and a deal is looked up within the session's client. Anything
 * else, another client's id included, gets the same 404 as an address that never existed.
 */
export function clientRoutes(ctx: PortalContext): express.Router {
  const { app } = ctx;
  const router = express.Router();
  router.use(['/clients', '/deals'], requirePortalSession);

  router.get('/clients/:clientId', requireCapability(ctx, 'view_dashboard'), async (req, res) => {
    const session = portalSessionOf(req)!;
    const dashboard = parseId(req.params.clientId) === session.clientId ? await loadDashboard(app.store.db, session.clientId, ctx.now()) : null;
    if (!dashboard) return sendPage(ctx, req, res, 404, notFoundPage());
    const now = ctx.now();
    const timeZone = session.timeZone;
    const modules = await availableModules(app, req);
    const figures = withoutMissingModules(await loadDashboardFigures(app.store.db, session.clientId, session.role, now, { timeZone, pay: payOptionsOf(app) }), modules);
    const waiting = can(session.role, 'view_approvals') && (figures.projects || modules.has('quotes')) ? await loadWaitingOnYou(app.store.db, session.clientId, now) : null;
    await sendPage(ctx, req, res, 200, dashboardPage({ dashboard, figures, role: session.role, businessName: app.config.businessName, now, today: todayIn(now, timeZone), mayPay: can(session.role, 'pay_invoice'), waiting }));
  });

  router.get('/deals/:dealId', requireCapability(ctx, 'view_engagements'), async (req, res) => {
    const session = portalSessionOf(req)!;
    const dealId = parseId(req.params.dealId);
    const deal = dealId === null ? null : await loadClientDeal(app.store.db, session.clientId, dealId, ctx.now());
    if (!deal) return sendPage(ctx, req, res, 404, notFoundPage());
    await sendPage(ctx, req, res, 200, dealPage(deal, session.clientId, ctx.now()));
  });

  return router;
}

/** The dashboard shows no section of a module the business does not use ("hidden, not shown empty"). */
function withoutMissingModules(figures: DashboardFigures, modules: ReadonlySet<PortalModule>): DashboardFigures {
  return {
    ...figures,
    money: moduleAllows('view_money_figures', modules) ? figures.money : null,
    projects: moduleAllows('view_projects', modules) ? figures.projects : null,
  };
}
