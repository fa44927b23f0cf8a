/**
 * Xero as a document source (issue 17): the attachments of sales invoices (GET
 * /Invoices/{id}/Attachments through xero-node). Only attachments marked `IncludeOnline` are listed:
 * that is the business's own choice, in Xero, to send the file with the online invoice the customer
 * sees; the others are its internal papers (a supplier's receipt, a timesheet). The bytes come from
 * GET /Invoices/{id}/Attachments/{AttachmentID}; xero-node hands them over whole (a Buffer), so the
 * hub's size cap is checked on the listed ContentLength before asking.
 */
import { type DocumentSource, type ListedDocument, INTERACTIVE_RATE_LIMIT_POLICY } from '../../src/connector-kit/index.js';
import { callXero } from './call-xero.js';

const XERO_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const xeroDocuments: DocumentSource = {
  parentObjectTypes: ['Invoice'],
  async list(ctx, parent) {
    // xero-node parses the payload into camelCase; a stored raw from elsewhere may be PascalCase.
    const raw = parent.raw as { Type?: string; type?: string; HasAttachments?: boolean; hasAttachments?: boolean };
    const type = String(raw.type ?? raw.Type ?? '');
    // Bills (ACCPAY) are the business's own purchases; and Xero says when an invoice has no attachment at all.
    if (type === 'ACCPAY' || (raw.hasAttachments ?? raw.HasAttachments) === false || !XERO_ID.test(parent.externalId)) return [];
    const body = await callXero(ctx, (api, tenant) => api.getInvoiceAttachments(tenant, parent.externalId));
    const listed: ListedDocument[] = [];
    for (const attachment of body.attachments ?? []) {
      if (!attachment.attachmentID || attachment.includeOnline !== true) continue;
      listed.push({ sourceId: attachment.attachmentID, name: attachment.fileName || 'attachment', sizeBytes: attachment.contentLength ?? null, contentType: attachment.mimeType ?? null, createdAt: null, locator: { mimeType: attachment.mimeType ?? 'application/octet-stream' } });
    }
    return listed;
  },
  async open(ctx, document) {
    if (!XERO_ID.test(document.parentExternalId) || !XERO_ID.test(document.sourceId)) throw new Error('Not a Xero attachment id');
    const mimeType = typeof document.locator.mimeType === 'string' ? document.locator.mimeType : 'application/octet-stream';
    const body = await callXero(ctx, (api, tenant) => api.getInvoiceAttachmentById(tenant, document.parentExternalId, document.sourceId, mimeType), INTERACTIVE_RATE_LIMIT_POLICY);
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body as ArrayBuffer);
    return { contentType: mimeType, sizeBytes: bytes.length, body: (async function* () { yield bytes; })() };
  },
};
