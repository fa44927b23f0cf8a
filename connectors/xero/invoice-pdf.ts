import { type ConnectorContext, type ProviderDocument, invoicePdfDocument, INTERACTIVE_RATE_LIMIT_POLICY } from '../../src/connector-kit/index.js';
import { callXero } from './call-xero.js';

/** The invoice as Xero renders it (GET /Invoices/<id> with Accept: application/pdf); fetched on demand, never stored. */
export async function xeroInvoicePdf(ctx: ConnectorContext, externalId: string): Promise<ProviderDocument> {
  if (!/^[0-9a-f-]{36}$/i.test(externalId)) throw new Error(`Not a Xero id: "${externalId}"`);
  // A client is waiting: a short rate limit is waited out in place, a longer one answers "busy" (503).
  const body = await callXero(ctx, (api, tenant) => api.getInvoiceAsPdf(tenant, externalId), INTERACTIVE_RATE_LIMIT_POLICY);
  return invoicePdfDocument('Xero', externalId, body);
}
