import type { ProviderDocument } from './connector.js';
import { ProviderError } from '../sync/sync-errors.js';

/**
 * An invoice PDF as a provider sent it, checked to be one (an error page or a JSON body answered
 * with 200 must never reach a client as "invoice.pdf"). A wrong body is retryable: it is usually a
 * provider hiccup, not a permanent answer.
 */
export function invoicePdfDocument(provider: string, externalId: string, body: Buffer | ArrayBuffer, filename = `invoice-${externalId}`): ProviderDocument {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new ProviderError(`${provider} answered invoice ${externalId}'s PDF with something that is not a PDF`, true);
  return { contentType: 'application/pdf', body: bytes, filename: `${filename.replace(/[^\w.-]+/g, '_')}.pdf` };
}
