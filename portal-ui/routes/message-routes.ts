import express from 'express';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCsrf } from '../require-capability.js';
import { canUseMessages } from '../../src/portal-access/portal-permissions.js';
import { availableModules, moduleAllows } from '../../src/portal-access/available-modules.js';
import { sendPage } from '../send-page.js';
import { parseId } from '../parse-id.js';
import { listThreads, loadThread } from '../conversations/load-conversations.js';
import { MESSAGE_MAX, postMessage } from '../conversations/post-message.js';
import { markThreadRead } from '../../src/store/conversations/mark-thread-read.js';
import { MESSAGE_NOTICES, messagesPage, threadPage, type MessagesView } from '../views/messages-page.js';
import { notFoundPage } from '../views/error-pages.js';
import { sendThrottled } from './sign-in-routes.js';

/**
 * Messages: the client's project conversations, one thread, and a new message (POST with CSRF).
 * Another client's project, or a role without messages, gets the portal's one 404. Opening a
 * thread marks it read for this user.
 */
export function messageRoutes(ctx: PortalContext): express.Router {
  const { app } = ctx;
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 10 });
  const router = express.Router();
  // Like requireCapability, with the workspace's billing rule (canUseMessages): the one 404 otherwise.
  router.use('/messages', requirePortalSession, async (req, res, next) => {
    const session = portalSessionOf(req);
    if (!session || !canUseMessages(session.role, app.config.portal.billingMessages) || !moduleAllows('view_messages', await availableModules(app, req))) return sendPage(ctx, req, res, 404, notFoundPage());
    next();
  });

  const view = (req: Request, extra: Partial<MessagesView> = {}): MessagesView => {
    const session = portalSessionOf(req)!;
    const done = req.query.done;
    return {
      csrfToken: session.csrfToken,
      newKey: () => randomUUID(),
      notice: typeof done === 'string' && Object.hasOwn(MESSAGE_NOTICES, done) ? MESSAGE_NOTICES[done as keyof typeof MESSAGE_NOTICES] : null,
      ...extra,
    };
  };

  router.get('/messages', async (req, res) => {
    const session = portalSessionOf(req)!;
    await sendPage(ctx, req, res, 200, messagesPage(await listThreads(app.store.db, session.clientId, session.userId)));
  });

  router.get('/messages/:projectId', async (req, res) => {
    const session = portalSessionOf(req)!;
    const id = parseId(req.params.projectId);
    const thread = id === null ? null : await loadThread(app.store.db, session.clientId, id);
    if (!thread) return sendPage(ctx, req, res, 404, notFoundPage());
    await markThreadRead(app.store.db, session.userId, thread.projectRecordId, ctx.now());
    await sendPage(ctx, req, res, 200, threadPage(thread, view(req)));
  });

  router.post('/messages/:projectId', form, requireCsrf(ctx), async (req, res, next) => {
    try {
      const session = portalSessionOf(req)!;
      const id = parseId(req.params.projectId);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const outcome = id === null ? ({ ok: false, reason: 'not_found' } as const) : await postMessage(app, session, id, body, req.ip ?? null, ctx.now());
      if (outcome.ok) return res.redirect(303, `/messages/${id}?done=sent`);
      if (outcome.reason === 'not_found') return sendPage(ctx, req, res, 404, notFoundPage());
      if (outcome.reason === 'throttled') return sendThrottled(ctx, req, res, outcome.retryAfterMs);
      if (outcome.reason === 'unavailable') return res.redirect(303, `/messages/${id}?done=unavailable`);
      const thread = (await loadThread(app.store.db, session.clientId, id!))!;
      await sendPage(ctx, req, res, 400, threadPage(thread, view(req, { notice: null, error: { message: outcome.message, body: String(body.body ?? '').slice(0, MESSAGE_MAX) } })));
    } catch (error) {
      next(error);
    }
  });

  return router;
}
