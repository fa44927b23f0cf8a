/**
 * Invoice attachments in the Xero emulator, as the Accounting API documents them:
 * `GET /Invoices/{InvoiceID}/Attachments` → `{ Attachments: [{ AttachmentID, FileName, Url, MimeType,
 * ContentLength, IncludeOnline }] }`, and `GET /Invoices/{InvoiceID}/Attachments/{AttachmentID}` (with the
 * file's MIME type in Accept) → the raw bytes. `IncludeOnline` is the business's choice to send the
 * file with the online invoice the customer sees.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';
import type { XeroEmulatorStore } from './xero-emulator-store.js';
import { sendNotFound } from './xero-api-routes.js';

interface StoredAttachment {
  AttachmentID: string;
  FileName: string;
  MimeType: string;
  IncludeOnline: boolean;
  body: Buffer;
}

const ATTACHMENTS = new WeakMap<XeroEmulatorStore, Map<string, StoredAttachment[]>>();

function attachmentsOf(store: XeroEmulatorStore, invoiceId: string): StoredAttachment[] {
  let byInvoice = ATTACHMENTS.get(store);
  if (!byInvoice) ATTACHMENTS.set(store, (byInvoice = new Map()));
  let list = byInvoice.get(invoiceId);
  if (!list) byInvoice.set(invoiceId, (list = []));
  return list;
}

export function attachToInvoice(store: XeroEmulatorStore, invoiceId: string, file: { fileName: string; mimeType: string; body: Buffer; includeOnline: boolean }): StoredAttachment {
  const invoice = store.require('Invoices', invoiceId);
  const attachment: StoredAttachment = { AttachmentID: randomUUID(), FileName: file.fileName, MimeType: file.mimeType, IncludeOnline: file.includeOnline, body: file.body };
  attachmentsOf(store, invoiceId).push(attachment);
  invoice.HasAttachments = true;
  return attachment;
}

export function xeroAttachmentRoutes(store: XeroEmulatorStore, publicBase: () => string): Router {
  const router = express.Router();
  router.get('/Invoices/:id/Attachments', (req, res) => {
    if (!store.get('Invoices', req.params.id)) return sendNotFound(res);
    res.json({
      Id: randomUUID(),
      Status: 'OK',
      ProviderName: 'ClientHub',
      Attachments: attachmentsOf(store, req.params.id).map((a) => ({
        AttachmentID: a.AttachmentID,
        FileName: a.FileName,
        Url: `${publicBase()}/api.xro/2.0/Invoices/${req.params.id}/Attachments/${encodeURIComponent(a.FileName)}`,
        MimeType: a.MimeType,
        ContentLength: a.body.length,
        IncludeOnline: a.IncludeOnline,
      })),
    });
  });
  router.get('/Invoices/:id/Attachments/:attachment', (req, res) => {
    if (!store.get('Invoices', req.params.id)) return sendNotFound(res);
    const found = attachmentsOf(store, req.params.id).find((a) => a.AttachmentID === req.params.attachment || a.FileName === req.params.attachment);
    if (!found) return sendNotFound(res);
    res.set('Content-Type', found.MimeType).set('Content-Length', String(found.body.length)).send(found.body);
  });
  return router;
}
