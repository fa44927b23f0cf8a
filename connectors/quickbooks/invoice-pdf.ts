import { type ConnectorContext, type ProviderDocument, invoicePdfDocument, INTERACTIVE_RATE_LIMIT_POLICY } from '../../src/connector-kit/index.js';
import { callQuickBooks } from './call-quickbooks.js';
import { qbo } from './create-quickbooks-client.js';

/** The invoice as QuickBooks renders it (GET /invoice/<id>/pdf); fetched on demand, never stored. */
export async function quickBooksInvoicePdf(ctx: ConnectorContext, externalId: string): Promise<ProviderDocument> {
  if (!/^\d+$/.test(externalId)) throw new Error(`Not a QuickBooks id: "${externalId}"`);
  // A client is waiting: a short throttle is backed off in place, a longer one answers "busy" (503).
  const body = await callQuickBooks(ctx, (client) => qbo<ArrayBuffer | Buffer>((done) => client.getInvoicePdf(externalId, done as (e: unknown, b: unknown) => void)), INTERACTIVE_RATE_LIMIT_POLICY);
  return invoicePdfDocument('QuickBooks', externalId, body);
}
