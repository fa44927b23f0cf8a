import express from 'express';
import type { StaffContext } from '../staff-context.js';
import { sendStaffPage } from '../send-staff-page.js';
import { actorOf, staffSessionOf } from '../staff-session.js';
import { staffWrite } from '../staff-guards.js';
import { parseId } from '../../parse-id.js';
import { messageFrom } from '../staff-messages.js';
import { LIVE_REFRESH_SECONDS } from './connect-routes.js';
import { syncPage } from '../views/sync-page.js';
import { webhooksPage } from '../views/webhooks-page.js';
import { deadLettersPage } from '../views/dead-letters-page.js';
import { staffBadRequestPage, staffNotFoundPage } from '../views/staff-error-pages.js';
import { staffCan } from '../../../src/staff/staff-permissions.js';
import { anySyncRunning, loadSyncHealth } from '../../../src/staff/read/load-sync-health.js';
import { loadWebhookSetup } from '../../../src/staff/read/load-webhook-setup.js';
import { getDeadLetter, listDeadLetters } from '../../../src/sync/dead-letters.js';
import { replayDeadLetter } from '../../../src/sync/replay-dead-letter.js';
import { discardDeadLetter } from '../../../src/sync/discard-dead-letter.js';
import { insertAuditEntry } from '../../../src/store/audit/insert-audit-entry.js';

/** Sync health, webhook setup and dead letters. */
export function syncRoutes(ctx: StaffContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const router = express.Router();

  router.get('/sync', async (req, res) => {
    const session = staffSessionOf(req)!;
    const health = await loadSyncHealth(app, ctx.now());
    sendStaffPage(ctx, req, res, 200, syncPage({ health, canRun: staffCan(session.role, 'run_syncs'), csrfToken: session.csrfToken, message: messageFrom(req.query), refreshSeconds: anySyncRunning(health) ? LIVE_REFRESH_SECONDS : undefined }));
  });

  router.get('/webhooks', async (req, res) => sendStaffPage(ctx, req, res, 200, webhooksPage(await loadWebhookSetup(app))));

  router.get('/dead-letters', async (req, res) => {
    const session = staffSessionOf(req)!;
    const status = req.query.status === 'all' ? 'all' : 'open';
    const letters = (await listDeadLetters(app.store.db, status)).filter((l) => l.workspaceId === app.workspaceId).slice(0, 200);
    sendStaffPage(ctx, req, res, 200, deadLettersPage({ letters, status, canManage: staffCan(session.role, 'manage_dead_letters'), csrfToken: session.csrfToken, message: messageFrom(req.query) }));
  });

  const openLetter = async (id: unknown) => {
    const parsed = parseId(id);
    const letter = parsed === null ? undefined : await getDeadLetter(app.store.db, parsed);
    return letter && letter.workspaceId === app.workspaceId && letter.status === 'open' ? letter : null;
  };

  router.post('/dead-letters/:id/replay', form, ...staffWrite(ctx, 'manage_dead_letters'), async (req, res) => {
    const letter = await openLetter(req.params.id);
    if (!letter) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    const actor = actorOf(req);
    const result = await replayDeadLetter(app, letter.id, { actor: actor.id });
    if (!result.ok) {
      await insertAuditEntry(app.store.db, { workspaceId: app.workspaceId, actorType: 'staff', actorId: actor.id, ip: actor.ip ?? null, action: 'dead_letter.replay_failed', subjectType: 'dead_letter', subjectId: letter.id, details: { reason: result.reason.slice(0, 500) } }, ctx.now());
      return sendStaffPage(ctx, req, res, 409, staffBadRequestPage(`The payload still fails: ${result.reason}`));
    }
    res.redirect(303, '/staff/dead-letters?done=replayed');
  });

  router.post('/dead-letters/:id/discard', form, ...staffWrite(ctx, 'manage_dead_letters'), async (req, res) => {
    const letter = await openLetter(req.params.id);
    if (!letter) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    const note = typeof req.body?.note === 'string' && req.body.note.trim() ? String(req.body.note).trim().slice(0, 500) : null;
    await discardDeadLetter(app, letter.id, note, { actor: actorOf(req).id });
    res.redirect(303, '/staff/dead-letters?done=discarded');
  });

  return router;
}
