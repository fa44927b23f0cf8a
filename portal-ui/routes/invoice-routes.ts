import express from 'express';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCapability } from '../require-capability.js';
import { sendPage } from '../send-page.js';
import { parseId } from '../parse-id.js';
import { listInvoices, loadInvoice, SHOWN_STATUSES, type ShownStatus } from '../loaders/load-invoices.js';
import { fetchInvoicePdf, pdfDownloadable, safePdfFilename } from '../loaders/fetch-invoice-pdf.js';
import { can } from '../access/portal-permissions.js';
import { invoicesPage } from '../views/invoices-page.js';
import { invoicePage } from '../views/invoice-page.js';
import { notFoundPage, providerBusyPage, providerUnavailablePage } from '../views/error-pages.js';
import { writeAudit } from '../../src/audit/write-audit.js';
import { listDocumentsOf } from '../documents/load-documents.js';
import { withInvoiceDocuments } from '../views/invoice-documents.js';

export function invoiceRoutes(ctx: PortalContext): express.Router {
  const { app } = ctx;
  const router = express.Router();
  router.use('/invoices', requirePortalSession, requireCapability(ctx, 'view_invoices'));

  router.get('/invoices', (req, res) => {
    const session = portalSessionOf(req)!;
    const now = ctx.now();
    // An unknown status in the query string is ignored (all invoices), not an error: it is only a filter.
    const requested = req.query.status;
    const filter = typeof requested === 'string' && (SHOWN_STATUSES as string[]).includes(requested) ? (requested as ShownStatus) : null;
    sendPage(ctx, req, res, 200, invoicesPage(listInvoices(app.db, session.clientId, now, filter ?? undefined), filter, now));
  });

  router.get('/invoices/:invoiceId', (req, res) => {
    const session = portalSessionOf(req)!;
    const id = parseId(req.params.invoiceId);
    const now = ctx.now();
    const invoice = id === null ? null : loadInvoice(app.db, session.clientId, id, now);
    if (!invoice) return sendPage(ctx, req, res, 404, notFoundPage());
    writeAudit(
      app.db,
      { workspaceId: session.workspaceId, actorType: 'portal_user', actorId: session.userId, action: 'invoice.viewed', subjectType: 'record', subjectId: invoice.recordId, clientId: session.clientId, ip: req.ip ?? null, details: { number: invoice.number } },
      now,
    );
    const showPdf = can(session.role, 'download_invoice_pdf') && pdfDownloadable(app, invoice);
    sendPage(ctx, req, res, 200, withInvoiceDocuments(invoicePage({ invoice, showPdf, mayPay: can(session.role, 'pay_invoice'), now }), listDocumentsOf(app.db, session.clientId, session.role, { kind: 'invoice', recordId: invoice.recordId })));
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
    writeAudit(
      app.db,
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
