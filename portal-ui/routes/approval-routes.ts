import express from 'express';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCapability, requireCsrf } from '../require-capability.js';
import { sendPage } from '../send-page.js';
import { parseId } from '../parse-id.js';
import { canAnswerApprovals } from '../../src/portal-access/portal-permissions.js';
import { loadApproval, loadApprovals } from '../approvals/load-approvals.js';
import { answerApproval } from '../approvals/answer-approval.js';
import { APPROVAL_NOTICES, approvalPage, approvalsPage, type ApprovalsView } from '../views/approvals-page.js';
import { notFoundPage } from '../views/error-pages.js';
import { loadQuotes } from '../approvals/load-quotes.js';

/**
 * Approvals: the list, one approval, and the answer (POST with CSRF). Another client's approval, an
 * internal one, or one the role may not answer gets the portal's one 404.
 */
export function approvalRoutes(ctx: PortalContext): express.Router {
  const { app } = ctx;
  // A comment of 2 000 characters, percent-encoded, is larger than the portal's 4 kB forms.
  const form = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 10 });
  const router = express.Router();
  router.use('/approvals', requirePortalSession, requireCapability(ctx, 'view_approvals'));

  const view = (req: Request, extra: Partial<ApprovalsView> = {}): ApprovalsView => {
    const session = portalSessionOf(req)!;
    const done = req.query.done;
    return {
      items: [],
      canAnswer: canAnswerApprovals(session.role, app.config.portal.approvalRoles),
      csrfToken: session.csrfToken,
      newKey: () => randomUUID(),
      notice: typeof done === 'string' && Object.hasOwn(APPROVAL_NOTICES, done) ? APPROVAL_NOTICES[done as keyof typeof APPROVAL_NOTICES] : null,
      now: ctx.now(),
      ...extra,
    };
  };

  router.get('/approvals', async (req, res) => {
    const session = portalSessionOf(req)!;
    const quotes = await loadQuotes(app.store.db, session.clientId, ctx.now());
    await sendPage(ctx, req, res, 200, approvalsPage(view(req, { items: await loadApprovals(app.store.db, session.clientId), quotes })));
  });

  router.get('/approvals/:recordId', async (req, res) => {
    const session = portalSessionOf(req)!;
    const id = parseId(req.params.recordId);
    const item = id === null ? null : await loadApproval(app.store.db, session.clientId, id);
    if (!item) return sendPage(ctx, req, res, 404, notFoundPage());
    await sendPage(ctx, req, res, 200, approvalPage(item, view(req)));
  });

  router.post('/approvals/:recordId/answer', form, requireCsrf(ctx), async (req, res, next) => {
    try {
      const session = portalSessionOf(req)!;
      const id = parseId(req.params.recordId);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const outcome = id === null ? ({ ok: false, reason: 'not_found' } as const) : await answerApproval(app, session, id, body, req.ip ?? null);
      if (outcome.ok) return res.redirect(303, `/approvals/${id}?done=sent`);
      if (outcome.reason === 'not_found') return sendPage(ctx, req, res, 404, notFoundPage());
      if (outcome.reason === 'answered' || outcome.reason === 'unavailable') return res.redirect(303, `/approvals/${id}?done=${outcome.reason}`);
      const item = (await loadApproval(app.store.db, session.clientId, id!))!;
      await sendPage(ctx, req, res, 400, approvalPage(item, view(req, { notice: null, error: { recordId: id!, message: outcome.message, answer: String(body.answer ?? ''), comment: String(body.comment ?? '').slice(0, 2_000) } })));
    } catch (error) {
      next(error);
    }
  });

  return router;
}
