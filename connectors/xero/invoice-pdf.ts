import type { ConnectorContext, ProviderDocument } from '../connector.js';
import { callXero } from './call-xero.js';
import { invoicePdfDocument } from '../pdf-document.js';

/** The invoice as Xero renders it (GET /Invoices/<id> with Accept: application/pdf); fetched on demand, never stored. */
export async function xeroInvoicePdf(ctx: ConnectorContext, externalId: string): Promise<ProviderDocument> {
  if (!/^[0-9a-f-]{36}$/i.test(externalId)) throw new Error(`Not a Xero id: "${externalId}"`);
  const body = await callXero(ctx, (api, tenant) => api.getInvoiceAsPdf(tenant, externalId));
  return invoicePdfDocument('Xero', externalId, body);
}
