import express from 'express';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCapability } from '../require-capability.js';
import { sendPage } from '../send-page.js';
import { parseId } from '../parse-id.js';
import { canBePaid, listInvoices, loadInvoice } from '../loaders/load-invoices.js';
import { parseInvoiceQuery, queryInvoices } from '../loaders/query-invoices.js';
import { payOptionsOf } from '../loaders/pay-options.js';
import { todayIn } from '../loaders/calendar-day.js';
import { invoicesCsv } from '../views/invoices-csv.js';
import { findConnection } from '../../src/store/connections/find-connection.js';
import { buildConnectorContext } from '../../src/connections/build-connector-context.js';
import { fetchInvoicePdf, pdfDownloadable, safePdfFilename } from '../loaders/fetch-invoice-pdf.js';
import { can } from '../../src/portal-access/portal-permissions.js';
import { invoicesPage } from '../views/invoices-page.js';
import { invoicePage } from '../views/invoice-page.js';
import { notFoundPage, providerBusyPage, providerUnavailablePage } from '../views/error-pages.js';
import { payUnavailablePage } from '../views/pay-unavailable-page.js';
import { loadStatement } from '../loaders/load-statement.js';
import { parseStatementPeriod } from '../loaders/statement-period.js';
import { renderStatementPdf } from '../views/statement-pdf.js';
import { badPeriodPage } from '../views/statement-form.js';
import { insertAuditEntry } from '../../src/store/audit/insert-audit-entry.js';
import { findClient } from '../../src/store/clients/find-client.js';
import { listDocumentsOf } from '../../src/documents/load-documents.js';
import { withInvoiceDocuments } from '../views/invoice-documents.js';

export function invoiceRoutes(ctx: PortalContext): express.Router {
  const { app } = ctx;
  const router = express.Router();
  router.use('/invoices', requirePortalSession, requireCapability(ctx, 'view_invoices'));

  router.get('/invoices', async (req, res) => {
    const session = portalSessionOf(req)!;
    const now = ctx.now();
    // An unknown status or sort in the query string is ignored, not an error: it is only a view.
    const query = parseInvoiceQuery(req.query as Record<string, unknown>);
    const all = await listInvoices(app.store.db, session.clientId, now, undefined, payOptionsOf(app));
    const today = todayIn(now, session.timeZone);
    await sendPage(ctx, req, res, 200, invoicesPage({ invoices: queryInvoices(all, query), query, total: all.length, mayPay: can(session.role, 'pay_invoice'), today, now }));
  });

  router.get('/invoices/export.csv', async (req, res) => {
    const session = portalSessionOf(req)!;
    const now = ctx.now();
    const query = parseInvoiceQuery(req.query as Record<string, unknown>);
    const invoices = queryInvoices(await listInvoices(app.store.db, session.clientId, now, undefined, payOptionsOf(app)), query);
    const today = todayIn(now, session.timeZone);
    await insertAuditEntry(app.store.db, { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'invoices.exported', subjectType: 'client', subjectId: session.clientId, clientId: session.clientId, ip: req.ip ?? null, details: { rows: invoices.length } }, now);
    res
      .status(200)
      .set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="invoices-${today}.csv"`, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' })
      .send(invoicesCsv(invoices, today));
  });

  // The statement of account for a period, as a PDF: opening balance, invoices, payments, closing balance.
  router.get('/statement.pdf', requirePortalSession, requireCapability(ctx, 'view_invoices'), async (req, res) => {
    const session = portalSessionOf(req)!;
    const now = ctx.now();
    const today = todayIn(now, session.timeZone);
    const period = parseStatementPeriod(req.query as Record<string, unknown>, today);
    if (!period) return sendPage(ctx, req, res, 400, badPeriodPage());
    const statement = await loadStatement(app.store.db, session.clientId, period.from, period.to, now, app.config.billing?.matchToleranceDays);
    const client = (await findClient(app.store.db, session.clientId))!;
    const body = Buffer.from(await renderStatementPdf(statement, { business: app.config.businessName, client: client.name }, today));
    await insertAuditEntry(app.store.db, { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'statement.downloaded', subjectType: 'client', subjectId: session.clientId, clientId: session.clientId, ip: req.ip ?? null, details: period }, now);
    res
      .status(200)
      .set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="statement-${period.from}-to-${period.to}.pdf"`, 'Content-Length': String(body.length), 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' })
      .end(body);
  });

  // An online invoice (Xero's OnlineInvoice, QuickBooks' InvoiceLink) is asked for when the client
  // presses Pay: providers hand it out per request, and only for an invoice that still owes money.
  router.get('/invoices/:invoiceId/pay', requireCapability(ctx, 'pay_invoice'), async (req, res) => {
    const session = portalSessionOf(req)!;
    const id = parseId(req.params.invoiceId);
    const now = ctx.now();
    const invoice = id === null ? null : await loadInvoice(app.store.db, session.clientId, id, now, payOptionsOf(app));
    if (!invoice || !canBePaid(invoice) || invoice.pay?.kind !== 'online_invoice' || invoice.pay.recordId !== invoice.recordId) return sendPage(ctx, req, res, 404, notFoundPage());
    const connection = await findConnection(app.store.db, invoice.connectionId);
    const connector = app.connectors.get(invoice.provider);
    let url: string | null = null;
    let failed = false;
    try {
      if (connection && connection.status !== 'disconnected' && connector.invoicePayUrl) url = await connector.invoicePayUrl(await buildConnectorContext(app, connection), invoice.externalId);
      else failed = true;
    } catch (error) {
      failed = true;
      app.logger.warn('online invoice unavailable from provider', { recordId: invoice.recordId, provider: invoice.provider, error: error instanceof Error ? error.message : String(error) });
    }
    // The provider answered but offers no online payment for it (QuickBooks without QuickBooks
    // Payments): say so with the payment instructions, not as an error.
    if (!url || !/^https?:\/\//i.test(url)) return sendPage(ctx, req, res, failed ? 502 : 200, payUnavailablePage(invoice, app.config.billing?.paymentInstructions, failed ? 'failed' : 'none'));
    await insertAuditEntry(app.store.db, { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'invoice.pay_opened', subjectType: 'record', subjectId: invoice.recordId, clientId: session.clientId, ip: req.ip ?? null, details: { provider: invoice.provider } }, now);
    res.redirect(303, url);
  });

  router.get('/invoices/:invoiceId', async (req, res) => {
    const session = portalSessionOf(req)!;
    const id = parseId(req.params.invoiceId);
    const now = ctx.now();
    const invoice = id === null ? null : await loadInvoice(app.store.db, session.clientId, id, now, payOptionsOf(app));
    if (!invoice) return sendPage(ctx, req, res, 404, notFoundPage());
    await insertAuditEntry(
      app.store.db,
      { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'invoice.viewed', subjectType: 'record', subjectId: invoice.recordId, clientId: session.clientId, ip: req.ip ?? null, details: { number: invoice.number } },
      now,
    );
    const showPdf = can(session.role, 'download_invoice_pdf') && pdfDownloadable(app, invoice);
    const today = todayIn(now, session.timeZone);
    const documents = await listDocumentsOf(app.store.db, session.clientId, session.role, { kind: 'invoice', recordId: invoice.recordId });
    await sendPage(ctx, req, res, 200, withInvoiceDocuments(invoicePage({ invoice, showPdf, mayPay: can(session.role, 'pay_invoice'), now, today, paymentInstructions: app.config.billing?.paymentInstructions }), documents));
  });

  router.get('/invoices/:invoiceId/pdf', requireCapability(ctx, 'download_invoice_pdf'), async (req, res) => {
    const session = portalSessionOf(req)!;
    const id = parseId(req.params.invoiceId);
    const now = ctx.now();
    const result = id === null ? ({ ok: false, reason: 'not_found' } as const) : await fetchInvoicePdf(app, session.clientId, id, now);
    if (!result.ok && result.reason === 'not_found') return sendPage(ctx, req, res, 404, notFoundPage());
    if (!result.ok && result.reason === 'provider_busy') {
      // A rate limit is not a broken gateway: "busy, try again in a few seconds", with when.
      const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
      app.logger.info('invoice PDF: provider rate limit outlasted the short wait', { recordId: result.invoice.recordId, provider: result.invoice.provider, retryAfterSeconds: seconds, error: result.error });
      res.set('Retry-After', String(seconds));
      return sendPage(ctx, req, res, 503, providerBusyPage(result.invoice.recordId, seconds));
    }
    if (!result.ok) {
      app.logger.warn('invoice PDF unavailable from provider', { recordId: result.invoice.recordId, provider: result.invoice.provider, error: result.error });
      return sendPage(ctx, req, res, 502, providerUnavailablePage(result.invoice.recordId));
    }
    const { invoice, document } = result;
    await insertAuditEntry(
      app.store.db,
      { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'invoice.pdf_downloaded', subjectType: 'record', subjectId: invoice.recordId, clientId: session.clientId, ip: req.ip ?? null, details: { number: invoice.number, bytes: document.body.length } },
      now,
    );
    const filename = safePdfFilename(document.filename || invoice.number || '', `invoice-${invoice.recordId}`);
    res
      .status(200)
      .set({
        'Content-Type': document.contentType || 'application/pdf',
        // attachment: the document is saved, never rendered inside the portal's origin.
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Content-Length': String(document.body.length),
        'X-Content-Type-Options': 'nosniff',
      })
      .end(document.body);
  });

  return router;
}
