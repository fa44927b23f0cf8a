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
import { readSnapshot } from '../../src/store/read-snapshot.js';
import { prefetchClientRecords } from '../../src/records/client-records.js';
import type { RecordKind } from '../../src/model/unified-model.js';

/** The kinds of the client's records the dashboard's cards read (its won deals are read by their own index). */
const DASHBOARD_KINDS: RecordKind[] = ['project', 'task', 'invoice', 'payment', 'contact', 'quote'];

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
    if (parseId(req.params.clientId) !== session.clientId) return sendPage(ctx, req, res, 404, notFoundPage());
    const modules = await availableModules(app, req);
    const timeZone = session.timeZone;
    // The cards read the same kinds of records (tasks for projects, approvals and "Waiting on you"): one snapshot, each read once.
    const page = await readSnapshot(app.store, async (q) => {
      await prefetchClientRecords(q, session.clientId, DASHBOARD_KINDS);
      const dashboard = await loadDashboard(q, session.clientId, ctx.now());
      if (!dashboard) return null;
      const now = ctx.now();
      const figures = withoutMissingModules(await loadDashboardFigures(q, session.clientId, session.role, now, { timeZone, pay: payOptionsOf(app) }), modules);
      const waiting = can(session.role, 'view_approvals') && (figures.projects || modules.has('quotes')) ? await loadWaitingOnYou(q, session.clientId, now) : null;
      return { dashboard, figures, now, waiting };
    });
    if (!page) return sendPage(ctx, req, res, 404, notFoundPage());
    const { dashboard, figures, now, waiting } = page;
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
