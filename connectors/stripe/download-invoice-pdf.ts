import type { ConnectorContext, ProviderDocument } from '../connector.js';
import { ProviderError, RateLimitError, parseRetryAfter } from '../../src/sync/sync-errors.js';
import { callStripe } from './call-stripe.js';
import { invoicePdfDocument } from '../pdf-document.js';

/**
 * The invoice's PDF as Stripe renders it. `invoice_pdf` is a file URL (pay.stripe.com, which
 * redirects to the file), not an API path: it needs no key, so a plain fetch reads it. Drafts have none.
 */
export async function downloadInvoicePdf(ctx: ConnectorContext, externalId: string): Promise<ProviderDocument> {
  const invoice = await callStripe(ctx, (stripe) => stripe.invoices.retrieve(externalId));
  if (!invoice.invoice_pdf) throw new ProviderError(`Stripe has no PDF for invoice ${externalId} (status ${invoice.status ?? 'unknown'}: drafts have none)`, false, 404);
  const response = await fetch(invoice.invoice_pdf, { redirect: 'follow', headers: { accept: 'application/pdf' } });
  if (response.status === 429) throw new RateLimitError('Stripe 429 downloading the invoice PDF', parseRetryAfter(response.headers.get('retry-after')) ?? 2_000);
  if (!response.ok) throw new ProviderError(`Stripe ${response.status} downloading the PDF of invoice ${externalId}`, response.status >= 500, response.status);
  return invoicePdfDocument('Stripe', externalId, await response.arrayBuffer(), invoice.number ?? invoice.id);
}
