/**
 * Attachable bytes, as QuickBooks hands them out: GET /v3/company/<realmId>/download/<id> answers
 * (text/plain) a temporary URL, and an Attachable read or query carries the same in
 * `TempDownloadUri`. The URL is a pre-signed storage link (Intuit: S3, valid about 15 minutes)
 * that needs no token — only its signature, checked here, and its expiry.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { QboEntity, QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';

export const TEMP_DOWNLOAD_PATH = '/qbo-attachments';
const VALID_MS = 15 * 60_000;

function sign(store: QuickBooksEmulatorStore, id: string, expires: number): string {
  return createHmac('sha256', store.downloadSecret).update(`${id}:${expires}`).digest('hex');
}

export function tempDownloadUri(store: QuickBooksEmulatorStore, id: string): string {
  const expires = Date.now() + VALID_MS;
  return `${store.downloadBase}${TEMP_DOWNLOAD_PATH}/${id}?Expires=${expires}&Signature=${sign(store, id, expires)}`;
}

/** An Attachable as read or queried: a file one carries its TempDownloadUri. */
export function attachableView(store: QuickBooksEmulatorStore, attachable: Record<string, unknown>): Record<string, unknown> {
  return store.attachmentBytes.has(String(attachable.Id)) ? { ...attachable, TempDownloadUri: tempDownloadUri(store, String(attachable.Id)) } : attachable;
}

/** The storage side: the bytes for a valid, unexpired signed URL; 403 otherwise (as S3 answers). */
export function tempDownloadRoutes(store: QuickBooksEmulatorStore): Router {
  const router = Router();
  router.get(`${TEMP_DOWNLOAD_PATH}/:id`, (req, res) => {
    const id = String(req.params.id);
    const expires = Number(req.query.Expires);
    const given = Buffer.from(String(req.query.Signature ?? ''));
    const expected = Buffer.from(Number.isFinite(expires) ? sign(store, id, expires) : '');
    const bytes = store.attachmentBytes.get(id);
    const attachable = store.get('Attachable', id) as QboEntity | undefined;
    if (!bytes || !attachable || !Number.isFinite(expires) || expires < Date.now() || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(403).type('application/xml').send('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired or the signature does not match</Message></Error>');
      return;
    }
    res.status(200).set({ 'Content-Type': String(attachable.ContentType ?? 'application/octet-stream'), 'Content-Length': String(bytes.length) }).send(bytes);
  });
  return router;
}
