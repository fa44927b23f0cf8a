import { type ConnectorContext, INTERACTIVE_RATE_LIMIT_POLICY } from '../../src/connector-kit/index.js';
import { callQuickBooks } from './call-quickbooks.js';
import { qbo } from './create-quickbooks-client.js';

/**
 * The invoice's pay-online link (`InvoiceLink`), which QuickBooks returns only when asked for with
 * `include=invoiceLink` and only where the company takes QuickBooks Payments and the invoice was
 * sent or shared; read when the client presses Pay. Null when QuickBooks gives none.
 */
export async function quickBooksInvoiceLink(ctx: ConnectorContext, externalId: string): Promise<string | null> {
  if (!/^\d+$/.test(externalId)) throw new Error(`Not a QuickBooks id: "${externalId}"`);
  // node-quickbooks' read takes no query options; its request appends minorversion to the URL's own
  // query string, so the documented include parameter rides on the (digits-only) id's path.
  const invoice = await callQuickBooks(ctx, (client) => qbo<Record<string, unknown>>((done) => client.getInvoice(`${externalId}?include=invoiceLink`, done as (e: unknown, b: unknown) => void)), INTERACTIVE_RATE_LIMIT_POLICY);
  const link = invoice.InvoiceLink;
  return typeof link === 'string' && /^https?:\/\//i.test(link) ? link : null;
}
