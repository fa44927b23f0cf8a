import type { ConnectorContext, ProviderDocument } from '../connector.js';
import { callQuickBooks } from './call-quickbooks.js';
import { qbo } from './create-quickbooks-client.js';

/** The invoice as QuickBooks renders it (GET /invoice/<id>/pdf); fetched on demand, never stored. */
export async function quickBooksInvoicePdf(ctx: ConnectorContext, externalId: string): Promise<ProviderDocument> {
  if (!/^\d+$/.test(externalId)) throw new Error(`Not a QuickBooks id: "${externalId}"`);
  const body = await callQuickBooks(ctx, (client) => qbo<ArrayBuffer | Buffer>((done) => client.getInvoicePdf(externalId, done as (e: unknown, b: unknown) => void)));
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body as ArrayBuffer);
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`QuickBooks answered invoice ${externalId}'s PDF with something that is not a PDF`);
  return { contentType: 'application/pdf', body: bytes, filename: `invoice-${externalId}.pdf` };
}
