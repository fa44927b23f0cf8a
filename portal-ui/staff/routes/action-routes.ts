import express from 'express';
import type { StaffContext } from '../staff-context.js';
import { sendStaffPage } from '../send-staff-page.js';
import { actorOf, staffSessionOf } from '../staff-session.js';
import { staffWrite } from '../staff-guards.js';
import { parseId } from '../../parse-id.js';
import { messageFrom } from '../staff-messages.js';
import { actionsPage } from '../views/actions-page.js';
import { staffNotFoundPage } from '../views/staff-error-pages.js';
import { staffCan } from '../../../src/staff/staff-permissions.js';
import { loadUndeliveredActions, loadWriteFeatures } from '../../../src/staff/read/load-portal-actions.js';
import { findPortalAction } from '../../../src/store/portal-actions/find-portal-action.js';
import { retryPortalAction } from '../../../src/outbox/retry-portal-action.js';

/** The write-back outbox as staff see it (issue 16): pending and failed portal actions per client, with retry. */
export function actionRoutes(ctx: StaffContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const router = express.Router();

  router.get('/actions', async (req, res) => {
    const session = staffSessionOf(req)!;
    sendStaffPage(ctx, req, res, 200, actionsPage({ clients: await loadUndeliveredActions(app), features: await loadWriteFeatures(app), canRetry: staffCan(session.role, 'manage_dead_letters'), csrfToken: session.csrfToken, message: messageFrom(req.query) }));
  });

  router.post('/actions/:id/retry', form, ...staffWrite(ctx, 'manage_dead_letters'), async (req, res, next) => {
    try {
      const id = parseId(req.params.id);
      const action = id === null ? undefined : await findPortalAction(app.store.db, id);
      if (!action || action.workspaceId !== app.workspaceId) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
      const result = await retryPortalAction(app, action.id, { actor: actorOf(req).id });
      if (!result.ok) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
      res.redirect(303, '/staff/actions?done=action_retried');
    } catch (error) {
      next(error);
    }
  });

  return router;
}
