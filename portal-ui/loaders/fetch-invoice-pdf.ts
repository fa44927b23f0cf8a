import type { AppContext } from '../../src/app/app-context.js';
import type { ProviderDocument } from '../../src/connector-kit/connector.js';
import { findConnection } from '../../src/store/connections/find-connection.js';
import { buildConnectorContext } from '../../src/connections/build-connector-context.js';
import { loadInvoice, type InvoiceDetail } from './load-invoices.js';
import { RateLimitError } from '../../src/sync/sync-errors.js';

export type InvoicePdfResult =
  | { ok: true; invoice: InvoiceDetail; document: ProviderDocument }
  /** Not this client's invoice, a draft, deleted, or its provider renders no PDF: all one 404. */
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'provider_failed'; invoice: InvoiceDetail; error: string }
  /** The provider's rate limit outlasted the short wait a person can be kept waiting: try again after retryAfterMs. */
  | { ok: false; reason: 'provider_busy'; invoice: InvoiceDetail; error: string; retryAfterMs: number };

/** Whether the provider of this invoice can render its PDF: the link is offered only then. */
export function pdfDownloadable(app: AppContext, invoice: Pick<InvoiceDetail, 'provider' | 'pdfAvailable'>): boolean {
  return invoice.pdfAvailable && app.connectors.has(invoice.provider) && typeof app.connectors.get(invoice.provider).invoicePdf === 'function';
}

/**
 * Fetches an invoice's PDF from its provider, on demand, for the invoice's own client only: the
 * invoice is loaded through the client-scoped loader first, so the provider is never asked about
 * an id the signed-in client does not own.
 */
export async function fetchInvoicePdf(app: AppContext, clientId: number, invoiceRecordId: number, now: number): Promise<InvoicePdfResult> {
  const invoice = await loadInvoice(app.store.db, clientId, invoiceRecordId, now);
  if (!invoice || !pdfDownloadable(app, invoice)) return { ok: false, reason: 'not_found' };
  const connector = app.connectors.get(invoice.provider);
  const connection = await findConnection(app.store.db, invoice.connectionId);
  if (!connection || connection.status === 'disconnected') return { ok: false, reason: 'provider_failed', invoice, error: 'connection disconnected' };
  try {
    const document = await connector.invoicePdf!(await buildConnectorContext(app, connection), invoice.externalId);
    return { ok: true, invoice, document };
  } catch (error) {
    if (error instanceof RateLimitError) return { ok: false, reason: 'provider_busy', invoice, error: error.message, retryAfterMs: error.retryAfterMs };
    return { ok: false, reason: 'provider_failed', invoice, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A filename safe in a Content-Disposition header: ASCII letters, digits, dot, dash, underscore; ends in .pdf. */
export function safePdfFilename(name: string, fallback: string): string {
  const base = name.replace(/\.pdf$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 100);
  return `${base || fallback}.pdf`;
}
