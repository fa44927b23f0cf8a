import express from 'express';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCapability } from '../require-capability.js';
import { sendPage } from '../send-page.js';
import { listPaymentsOnce } from '../loaders/fold-mirrored-payments.js';
import { paymentsPage } from '../views/payments-page.js';

export function paymentRoutes(ctx: PortalContext): express.Router {
  const router = express.Router();
  router.get('/payments', requirePortalSession, requireCapability(ctx, 'view_payments'), async (req, res) => {
    const session = portalSessionOf(req)!;
    await sendPage(ctx, req, res, 200, paymentsPage(await listPaymentsOnce(ctx.app.store.db, session.clientId, ctx.app.config.billing?.matchToleranceDays), ctx.now()));
  });
  return router;
}
