import express from 'express';
import type { StaffContext } from '../staff-context.js';
import { sendStaffPage } from '../send-staff-page.js';
import { actorOf, staffSessionOf } from '../staff-session.js';
import { staffWrite } from '../staff-guards.js';
import { parseId } from '../../parse-id.js';
import { messageFrom } from '../staff-messages.js';
import { listClientSummaries, listLinkedRecords, loadActiveClientChoices, loadConsoleClient, loadOpenReviewCount } from '../loaders/load-clients.js';
import { clientPage, clientsPage } from '../views/clients-page.js';
import { reviewsPage } from '../views/reviews-page.js';
import { viewAsClientPage } from '../views/view-as-client-page.js';
import { staffBadRequestPage, staffNotFoundPage } from '../views/staff-error-pages.js';
import { staffCan } from '../../../src/staff/staff-permissions.js';
import { listColleagues } from '../../../src/team/load-team.js';
import { resendInvitation, revokeInvitation } from '../../../src/team/manage-invitation.js';
import { sendInvitationAnyway } from '../../../src/team/send-invitation-anyway.js';
import { loadDashboard } from '../../load-dashboard.js';
import { loadDashboardFigures } from '../../loaders/load-dashboard-figures.js';
import { dashboardPage } from '../../views/dashboard-page.js';
import { listLinkReviews } from '../../../src/identity/list-link-reviews.js';
import { listInvoiceMatchReviews } from '../../../src/billing/list-invoice-match-reviews.js';
import { decideInvoiceMatch } from '../../../src/billing/decide-invoice-match.js';
import { findInvoiceMatchReview } from '../../../src/store/billing/find-invoice-match-review.js';
import { resolveLinkReview, type ReviewAnswer } from '../../../src/identity/resolve-link-review.js';
import { linkRecordManually } from '../../../src/identity/link-record-manually.js';
import { releaseRecordLink } from '../../../src/identity/release-record-link.js';
import { mergeClients } from '../../../src/identity/merge-clients.js';
import { insertAuditEntry } from '../../../src/store/audit/insert-audit-entry.js';

/** Clients, their linked records and people, the review queue, manual links, merge, and "view as client". */
export function clientRoutes(ctx: StaffContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const router = express.Router();
  const findClient = (id: unknown) => loadConsoleClient(app.store.db, app.workspaceId, parseId(id));
  const activeClients = () => loadActiveClientChoices(app.store.db, app.workspaceId);
  const base = (req: express.Request) => ({ workspaceId: app.workspaceId, actor: actorOf(req), rules: app.config.identity });
  /** Identity helpers throw on a decision that cannot be made (merged client, no such record): a 409 with their words. */
  const attempt = async (req: express.Request, res: express.Response, work: () => unknown, done: string) => {
    try {
      await work();
    } catch (error) {
      return sendStaffPage(ctx, req, res, 409, staffBadRequestPage(error instanceof Error ? error.message : String(error)));
    }
    const back = parseId(req.body?.back);
    res.redirect(303, back ? `/staff/clients/${back}?done=${done}` : `/staff/reviews?done=${done}`);
  };

  router.get('/clients', async (req, res) => {
    const openReviews = await loadOpenReviewCount(app.store.db, app.workspaceId);
    sendStaffPage(ctx, req, res, 200, clientsPage(await listClientSummaries(app.store.db, app.workspaceId), openReviews));
  });

  router.get('/clients/:id', async (req, res) => {
    const session = staffSessionOf(req)!;
    const client = await findClient(req.params.id);
    if (!client) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    sendStaffPage(ctx, req, res, 200, clientPage({
      client,
      records: await listLinkedRecords(app.store.db, client.id),
      people: await listColleagues(app.store.db, client.id),
      otherClients: (await activeClients()).filter((c) => c.id !== client.id),
      canLink: staffCan(session.role, 'manage_links'),
      canMerge: staffCan(session.role, 'merge_clients'),
      canInvite: staffCan(session.role, 'manage_invitations'),
      providerNames: Object.fromEntries(app.connectors.all().map((connector) => [connector.provider, connector.displayName])),
      csrfToken: session.csrfToken,
      message: messageFrom(req.query),
    }));
  });

  router.get('/clients/:id/view-as', async (req, res) => {
    const session = staffSessionOf(req)!;
    const client = await findClient(req.params.id);
    const dashboard = client ? await loadDashboard(app.store.db, client.id) : null;
    if (!client || !dashboard) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    const now = ctx.now();
    // The fullest view a client has: their administrator's.
    const figures = await loadDashboardFigures(app.store.db, client.id, 'client_admin', now);
    await insertAuditEntry(app.store.db, { workspaceId: app.workspaceId, actorType: 'staff', actorId: session.staffUserId, ip: req.ip ?? null, action: 'client.viewed_as', subjectType: 'client', subjectId: client.id, clientId: client.id }, now);
    sendStaffPage(ctx, req, res, 200, viewAsClientPage(client.id, client.name, dashboardPage({ dashboard, figures, role: 'client_admin', businessName: app.config.businessName, now })));
  });

  router.post('/clients/:id/merge', form, ...staffWrite(ctx, 'merge_clients'), async (req, res) => {
    const client = await findClient(req.params.id);
    const into = parseId(req.body?.into);
    if (!client || into === null) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    if (String(req.body?.confirm ?? '').trim().toLowerCase() !== 'merge') return sendStaffPage(ctx, req, res, 400, staffBadRequestPage('Type “merge” in the confirmation box to merge.'));
    try {
      await mergeClients(app.store, { ...base(req), fromClientId: client.id, intoClientId: into }, ctx.now());
    } catch (error) {
      return sendStaffPage(ctx, req, res, 409, staffBadRequestPage(error instanceof Error ? error.message : String(error)));
    }
    res.redirect(303, `/staff/clients/${into}?done=merged`);
  });

  router.post('/records/:id/link', form, ...staffWrite(ctx, 'manage_links'), async (req, res) => {
    const recordId = parseId(req.params.id);
    const clientId = req.body?.clientId === 'none' ? null : parseId(req.body?.clientId);
    if (recordId === null || (clientId === null && req.body?.clientId !== 'none')) return sendStaffPage(ctx, req, res, 400, staffBadRequestPage('Choose a client, or “no client”.'));
    await attempt(req, res, () => linkRecordManually(app.store, { ...base(req), recordId, clientId }, ctx.now()), clientId === null ? 'unlinked' : 'linked');
  });

  router.post('/records/:id/release', form, ...staffWrite(ctx, 'manage_links'), async (req, res) => {
    const recordId = parseId(req.params.id);
    if (recordId === null) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    await attempt(req, res, () => releaseRecordLink(app.store, { ...base(req), recordId }, ctx.now()), 'released');
  });

  for (const action of ['resend', 'revoke'] as const) {
    router.post(`/clients/:id/users/:userId/${action}`, form, ...staffWrite(ctx, 'manage_invitations'), async (req, res) => {
      const session = staffSessionOf(req)!;
      const client = await findClient(req.params.id);
      const userId = parseId(req.params.userId);
      if (!client || userId === null) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
      // The portal's own team management, acting for the client, audited as this staff member.
      const actor = { userId: session.staffUserId, clientId: client.id, workspaceId: app.workspaceId, ip: req.ip ?? null, actorType: 'staff' as const };
      const done = action === 'resend' ? await resendInvitation(app, actor, userId, ctx.now()) : await revokeInvitation(app, actor, userId, ctx.now());
      if (!done) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
      if (action === 'resend') void app.jobs.enqueue('mail.deliver', {}, { dedupeKey: 'mail.deliver' });
      res.redirect(303, `/staff/clients/${client.id}?done=${action === 'resend' ? 'resent' : 'revoked'}`);
    });
  }

  // The CRM said this person opted out of email; a staff member sends the invitation all the same (audited).
  router.post('/clients/:id/users/:userId/send-anyway', form, ...staffWrite(ctx, 'manage_invitations'), async (req, res) => {
    const session = staffSessionOf(req)!;
    const client = await findClient(req.params.id);
    const userId = parseId(req.params.userId);
    if (!client || userId === null) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    const sent = await sendInvitationAnyway(app, { staffUserId: session.staffUserId, clientId: client.id, workspaceId: app.workspaceId, ip: req.ip ?? null }, userId, ctx.now());
    if (!sent) return sendStaffPage(ctx, req, res, 409, staffBadRequestPage('This person has no invitation held back: it was sent already, or they are not a portal user of this client.'));
    void app.jobs.enqueue('mail.deliver', {}, { dedupeKey: 'mail.deliver' });
    res.redirect(303, `/staff/clients/${client.id}?done=invited_anyway`);
  });

  router.get('/reviews', async (req, res) => {
    const session = staffSessionOf(req)!;
    sendStaffPage(ctx, req, res, 200, reviewsPage({ reviews: await listLinkReviews(app.store.db, app.workspaceId, 'open'), invoiceReviews: await listInvoiceMatchReviews(app.store.db, app.workspaceId), clients: await activeClients(), canAnswer: staffCan(session.role, 'manage_links'), csrfToken: session.csrfToken, message: messageFrom(req.query) }));
  });

  router.post('/reviews/:id', form, ...staffWrite(ctx, 'manage_links'), async (req, res) => {
    const reviewId = parseId(req.params.id);
    const action: unknown = req.body?.action;
    const clientId = parseId(req.body?.clientId);
    const answer: ReviewAnswer | null = action === 'link' && clientId !== null ? { action: 'link', clientId } : action === 'none' ? { action: 'none' } : action === 'dismiss' ? { action: 'dismiss' } : null;
    if (reviewId === null || !answer) return sendStaffPage(ctx, req, res, 400, staffBadRequestPage('Choose link (with a client), no client, or dismiss.'));
    await attempt(req, res, () => resolveLinkReview(app.store, { ...base(req), reviewId, answer }, ctx.now()), 'review_answered');
  });

  // "Are these two invoices one bill?" — same queue page, same permission; the answer is final.
  router.post('/reviews/invoices/:id', form, ...staffWrite(ctx, 'manage_links'), async (req, res) => {
    const reviewId = parseId(req.params.id);
    const decision: unknown = req.body?.decision;
    if (reviewId === null || (decision !== 'same' && decision !== 'different')) return sendStaffPage(ctx, req, res, 400, staffBadRequestPage('Choose "same bill" or "different bills".'));
    const review = await findInvoiceMatchReview(app.store.db, app.workspaceId, reviewId);
    if (!review) return sendStaffPage(ctx, req, res, 404, staffNotFoundPage());
    await attempt(req, res, () => decideInvoiceMatch(app.store, { workspaceId: app.workspaceId, recordA: review.recordA, recordB: review.recordB, decision, actor: actorOf(req), config: app.config.billing, reviewId }, ctx.now()), 'review_answered');
  });

  return router;
}
