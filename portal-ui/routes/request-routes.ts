import express from 'express';
import { randomUUID } from 'node:crypto';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCapability, requireCsrf } from '../require-capability.js';
import { sendPage } from '../send-page.js';
import { parseId } from '../parse-id.js';
import { can } from '../../src/portal-access/portal-permissions.js';
import { listRequests, loadRequest } from '../requests/load-requests.js';
import { openRequest } from '../requests/open-request.js';
import { replyToRequest } from '../requests/reply-to-request.js';
import { findWriteTarget } from '../../src/outbox/write-availability.js';
import { newRequestPage, requestPage, requestsPage } from '../views/requests-page.js';
import { notFoundPage } from '../views/error-pages.js';
import { minutesFromNow } from '../views/form-fields.js';

const NOTICES = { sent: 'Your request was sent. It shows below; your team is notified.' } as const;

/**
 * Requests (issue 16): the client's CRM tickets or cases and their visible replies; admins and
 * members open new ones, which go through the write-back outbox. The form is offered only when a
 * connection serving this client can create requests (its grant has the scopes).
 */
export function requestRoutes(ctx: PortalContext): express.Router {
  const { app } = ctx;
  const router = express.Router();
  router.use('/requests', requirePortalSession, requireCapability(ctx, 'view_requests'));
  const canOpen = async (clientId: number, role: string) => can(role, 'open_request') && (await findWriteTarget(app, clientId, 'createRequest')) !== null;

  router.get('/requests', async (req, res) => {
    const session = portalSessionOf(req)!;
    const done = req.query.done;
    const notice = typeof done === 'string' && Object.hasOwn(NOTICES, done) ? NOTICES[done as keyof typeof NOTICES] : null;
    return sendPage(ctx, req, res, 200, requestsPage(await listRequests(app.store.db, session.clientId), { canOpen: await canOpen(session.clientId, session.role), notice }));
  });

  router.get('/requests/new', async (req, res) => {
    const session = portalSessionOf(req)!;
    if (!(await canOpen(session.clientId, session.role))) return sendPage(ctx, req, res, 404, notFoundPage());
    return sendPage(ctx, req, res, 200, newRequestPage({ csrfToken: session.csrfToken, values: { subject: '', description: '', category: '', key: randomUUID() }, errors: {} }));
  });

  // Larger than the portal's other forms: a description may run to 5 000 characters.
  const requestForm = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 10 });
  router.post('/requests', requireCapability(ctx, 'open_request'), requestForm, requireCsrf(ctx), async (req, res, next) => {
    try {
      const session = portalSessionOf(req)!;
      const outcome = await openRequest(app, session, (req.body ?? {}) as Record<string, unknown>, req.ip ?? null, ctx.now());
      if (outcome.ok) return res.redirect(303, '/requests?done=sent');
      if (outcome.reason === 'unavailable') return sendPage(ctx, req, res, 404, notFoundPage());
      if (outcome.reason === 'throttled') {
        res.set('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)));
        const message = `You have sent many requests in the last hour. Please try again in ${minutesFromNow(outcome.retryAfterMs)}.`;
        return sendPage(ctx, req, res, 429, newRequestPage({ csrfToken: session.csrfToken, values: outcome.values, errors: {}, message }));
      }
      // A malformed key is an expired form: show it again with a fresh one, keeping what was typed.
      const values = outcome.errors.form ? { ...outcome.values, key: randomUUID() } : outcome.values;
      return sendPage(ctx, req, res, 400, newRequestPage({ csrfToken: session.csrfToken, values, errors: outcome.errors, message: outcome.errors.form ? null : 'Check the highlighted fields.' }));
    } catch (error) {
      next(error);
    }
  });

  const canReply = async (clientId: number, role: string, recordId: number) => can(role, 'open_request') && (await findWriteTarget(app, clientId, 'addRequestMessage', recordId)) !== null;

  router.get('/requests/:requestId', async (req, res) => {
    const session = portalSessionOf(req)!;
    const id = parseId(req.params.requestId);
    const detail = id === null ? null : await loadRequest(app.store.db, session.clientId, id);
    if (!detail) return sendPage(ctx, req, res, 404, notFoundPage());
    const reply = (await canReply(session.clientId, session.role, detail.recordId)) ? { csrfToken: session.csrfToken, key: randomUUID(), body: '', error: null } : null;
    return sendPage(ctx, req, res, 200, requestPage(detail, reply));
  });

  router.post('/requests/:requestId/messages', requireCapability(ctx, 'open_request'), requestForm, requireCsrf(ctx), async (req, res, next) => {
    try {
      const session = portalSessionOf(req)!;
      const id = parseId(req.params.requestId);
      const detail = id === null ? null : await loadRequest(app.store.db, session.clientId, id);
      if (!detail) return sendPage(ctx, req, res, 404, notFoundPage());
      const outcome = await replyToRequest(app, session, detail.recordId, (req.body ?? {}) as Record<string, unknown>, req.ip ?? null, ctx.now());
      if (outcome.ok) return res.redirect(303, `/requests/${detail.recordId}`);
      if (outcome.reason === 'unavailable') return sendPage(ctx, req, res, 404, notFoundPage());
      if (outcome.reason === 'throttled') {
        res.set('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)));
        return sendPage(ctx, req, res, 429, requestPage(detail, { csrfToken: session.csrfToken, key: randomUUID(), body: outcome.body, error: `You have sent many messages in the last hour. Please try again in ${minutesFromNow(outcome.retryAfterMs)}.` }));
      }
      const key = outcome.expired ? randomUUID() : String((req.body as Record<string, unknown>).key);
      return sendPage(ctx, req, res, 400, requestPage(detail, { csrfToken: session.csrfToken, key, body: outcome.body, error: outcome.error }));
    } catch (error) {
      next(error);
    }
  });

  return router;
}
