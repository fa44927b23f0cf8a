import { type ConnectorContext, type ProviderDocument, ProviderError, RateLimitError, parseRetryAfter, invoicePdfDocument, INTERACTIVE_RATE_LIMIT_POLICY, timeoutText } from '../../src/connector-kit/index.js';
import { callStripe } from './call-stripe.js';

/**
 * The invoice's PDF as Stripe renders it. `invoice_pdf` is a file URL (pay.stripe.com, which
 * redirects to the file), not an API path: it needs no key, so a plain fetch reads it. Drafts have none.
 */
export async function downloadInvoicePdf(ctx: ConnectorContext, externalId: string): Promise<ProviderDocument> {
  // A client is waiting: a short rate limit is waited out in place, a longer one answers "busy" (503).
  const invoice = await callStripe(ctx, (stripe) => stripe.invoices.retrieve(externalId), INTERACTIVE_RATE_LIMIT_POLICY);
  if (!invoice.invoice_pdf) throw new ProviderError(`Stripe has no PDF for invoice ${externalId} (status ${invoice.status ?? 'unknown'}: drafts have none)`, false, 404);
  const timeoutMs = ctx.config.providerTimeoutMs;
  const response = await fetch(invoice.invoice_pdf, { redirect: 'follow', headers: { accept: 'application/pdf' }, signal: AbortSignal.timeout(timeoutMs) }).catch((error: unknown) => {
    if (error instanceof Error && error.name === 'TimeoutError') throw new ProviderError(`${timeoutText('Stripe', timeoutMs)} (invoice ${externalId}'s PDF)`, true);
    throw new ProviderError(`Stripe unreachable downloading the PDF of invoice ${externalId}: ${error instanceof Error ? error.message : String(error)}`, true);
  });
  if (response.status === 429) throw new RateLimitError('Stripe 429 downloading the invoice PDF', parseRetryAfter(response.headers.get('retry-after')) ?? 2_000);
  if (!response.ok) throw new ProviderError(`Stripe ${response.status} downloading the PDF of invoice ${externalId}`, response.status >= 500, response.status);
  return invoicePdfDocument('Stripe', externalId, await response.arrayBuffer(), invoice.number ?? invoice.id);
}
