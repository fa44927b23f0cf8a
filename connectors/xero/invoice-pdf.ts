import type { ConnectorContext, ProviderDocument } from '../connector.js';
import { callXero } from './call-xero.js';

/** The invoice as Xero renders it (GET /Invoices/<id> with Accept: application/pdf); fetched on demand, never stored. */
export async function xeroInvoicePdf(ctx: ConnectorContext, externalId: string): Promise<ProviderDocument> {
  if (!/^[0-9a-f-]{36}$/i.test(externalId)) throw new Error(`Not a Xero id: "${externalId}"`);
  const body = await callXero(ctx, (api, tenant) => api.getInvoiceAsPdf(tenant, externalId));
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body as ArrayBuffer);
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`Xero answered invoice ${externalId}'s PDF with something that is not a PDF`);
  return { contentType: 'application/pdf', body: bytes, filename: `invoice-${externalId}.pdf` };
}
