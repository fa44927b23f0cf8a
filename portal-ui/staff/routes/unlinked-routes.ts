import express from 'express';
import type { StaffContext } from '../staff-context.js';
import { sendStaffPage } from '../send-staff-page.js';
import { actorOf, staffSessionOf } from '../staff-session.js';
import { staffWrite } from '../staff-guards.js';
import { parseId } from '../../parse-id.js';
import { messageFrom } from '../staff-messages.js';
import { unlinkedPage } from '../views/unlinked-page.js';
import { staffBadRequestPage } from '../views/staff-error-pages.js';
import { staffCan } from '../../../src/staff/staff-permissions.js';
import { listUnlinkedRecords } from '../../../src/identity/list-unlinked-records.js';
import { loadActiveClientChoices } from '../loaders/load-clients.js';
import { linkRecordManually } from '../../../src/identity/link-record-manually.js';
import { RECORD_KINDS } from '../../../src/model/unified-model.js';

export const UNLINKED_PAGE_SIZE = 50;

/** The filters of the unlinked list, from a query string or the hidden fields of a link form: unknown values are dropped, not echoed. */
function filtersOf(source: Record<string, unknown>): { provider: string; kind: string; q: string; page: number } {
  const text = (name: string) => (typeof source[name] === 'string' ? String(source[name]) : '');
  const provider = /^[a-z]{2,40}$/.test(text('provider')) ? text('provider') : '';
  const kind = (RECORD_KINDS as string[]).includes(text('kind')) ? text('kind') : '';
  return { provider, kind, q: text('q').slice(0, 200), page: parseId(source.page) ?? 1 };
}

/** "Unlinked records": what no client has, per provider and kind, and linking one by hand (manage_links, CSRF, audited). */
export function unlinkedRoutes(ctx: StaffContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const router = express.Router();
  router.get('/unlinked', async (req, res) => {
    const session = staffSessionOf(req)!;
    const { page, ...query } = filtersOf(req.query as Record<string, unknown>);
    const result = await listUnlinkedRecords(app.store.db, app.workspaceId, { provider: query.provider || undefined, kind: query.kind || undefined, search: query.q || undefined, page, pageSize: UNLINKED_PAGE_SIZE });
    sendStaffPage(ctx, req, res, 200, unlinkedPage({ result, query, kinds: RECORD_KINDS.filter((k) => k !== 'team_member'), clients: await loadActiveClientChoices(app.store.db, app.workspaceId), canLink: staffCan(session.role, 'manage_links'), csrfToken: session.csrfToken, message: messageFrom(req.query) }));
  });

  router.post('/unlinked/:id/link', form, ...staffWrite(ctx, 'manage_links'), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const recordId = parseId(req.params.id);
    const clientId = parseId(body.clientId);
    if (recordId === null || clientId === null) return sendStaffPage(ctx, req, res, 400, staffBadRequestPage('Choose a client to link the record to.'));
    try {
      await linkRecordManually(app.store, { workspaceId: app.workspaceId, recordId, clientId, actor: actorOf(req), rules: app.config.identity, expectUnlinked: true }, ctx.now());
    } catch (error) {
      return sendStaffPage(ctx, req, res, 409, staffBadRequestPage(error instanceof Error ? error.message : String(error)));
    }
    const { page, ...query } = filtersOf(body);
    const back = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== ''));
    if (page > 1) back.set('page', String(page));
    back.set('done', 'linked');
    res.redirect(303, `/staff/unlinked?${back.toString()}`);
  });

  return router;
}
