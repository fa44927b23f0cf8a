/**
 * QuickBooks as a document source (issue 17): the files attached to the client's invoices —
 * `Attachable` entities whose `AttachableRef` names the invoice (EntityRef type Invoice). Listed with
 * node-quickbooks `findAttachables` (a query on AttachableRef.EntityRef), metadata only: FileName,
 * ContentType, Size, MetaData.CreateTime.
 *
 * Which files the customer may see is the business's own choice in QuickBooks: the ref's
 * `IncludeOnSend` ("send this attachment with the invoice" — the customer gets it by email with the
 * invoice). Only those are listed; an attachment kept for the books (a timesheet, a supplier's
 * receipt) is not. An Attachable without a FileName is a note, not a file.
 *
 * Bytes: the Attachable read (`getAttachable`) carries `TempDownloadUri`, the same temporary URL
 * GET /download/<id> answers: a pre-signed storage link valid for minutes. The hub asks for it at
 * the moment of the download, checks again that the file is still sent with THIS invoice, fetches
 * it itself and streams it — the URL never reaches the browser. Scope: com.intuit.quickbooks.accounting.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { type DocumentSource, type ListedDocument, INTERACTIVE_RATE_LIMIT_POLICY } from '../../src/connector-kit/index.js';
import { callQuickBooks } from './call-quickbooks.js';
import { qbo } from './create-quickbooks-client.js';

const QBO_ID = /^\d{1,20}$/;

interface AttachableRef {
  EntityRef?: { type?: string; value?: string } | null;
  IncludeOnSend?: boolean | null;
}

export interface QuickBooksAttachable {
  Id?: string;
  FileName?: string | null;
  ContentType?: string | null;
  Size?: number | null;
  TempDownloadUri?: string | null;
  AttachableRef?: AttachableRef[] | null;
  MetaData?: { CreateTime?: string } | null;
}

/** Is this Attachable a file sent to the customer with this invoice? */
export function sentWithInvoice(attachable: QuickBooksAttachable, invoiceId: string): boolean {
  if (!attachable.Id || !attachable.FileName) return false;
  return (attachable.AttachableRef ?? []).some((ref) => ref.EntityRef?.type?.toLowerCase() === 'invoice' && ref.EntityRef.value === invoiceId && ref.IncludeOnSend === true);
}

export const quickBooksDocuments: DocumentSource = {
  parentObjectTypes: ['Invoice'],
  async list(ctx, parent) {
    if (!QBO_ID.test(parent.externalId)) return [];
    const criteria = [
      { field: 'AttachableRef.EntityRef.Type', value: 'Invoice' },
      { field: 'AttachableRef.EntityRef.value', value: parent.externalId },
      { field: 'limit', value: 1000 },
    ];
    const body = await callQuickBooks(ctx, (client) => qbo<{ QueryResponse?: { Attachable?: QuickBooksAttachable[] } }>((done) => client.findAttachables(criteria, done as (e: unknown, b: unknown) => void)));
    const listed: ListedDocument[] = [];
    for (const attachable of body.QueryResponse?.Attachable ?? []) {
      // Checked here again: the query's filter matches any ref, IncludeOnSend is per ref.
      if (!sentWithInvoice(attachable, parent.externalId)) continue;
      const created = attachable.MetaData?.CreateTime ? new Date(attachable.MetaData.CreateTime) : null;
      listed.push({
        sourceId: attachable.Id!,
        name: attachable.FileName!,
        sizeBytes: typeof attachable.Size === 'number' ? Math.round(attachable.Size) : null,
        contentType: attachable.ContentType ?? null,
        createdAt: created && !Number.isNaN(created.getTime()) ? created.toISOString() : null,
      });
    }
    return listed;
  },
  async open(ctx, document, signal) {
    if (!QBO_ID.test(document.sourceId) || !QBO_ID.test(document.parentExternalId)) throw new Error('Not a QuickBooks attachment id');
    // node-quickbooks unwraps the read's `{ Attachable: {...} }` (module.unwrap); accept either shape.
    const body = await callQuickBooks(ctx, (client) => qbo<QuickBooksAttachable & { Attachable?: QuickBooksAttachable }>((done) => client.getAttachable(document.sourceId, done as (e: unknown, b: unknown) => void)), INTERACTIVE_RATE_LIMIT_POLICY);
    const attachable = body.Attachable ?? body;
    if (!attachable || !sentWithInvoice(attachable, document.parentExternalId)) throw new Error(`QuickBooks attachment ${document.sourceId} is no longer sent with invoice ${document.parentExternalId}`);
    if (!attachable.TempDownloadUri) throw new Error(`QuickBooks attachment ${document.sourceId} has no download URL`);
    const response = await fetch(attachable.TempDownloadUri, { signal, redirect: 'follow' });
    if (!response.ok || !response.body) throw new Error(`QuickBooks attachment ${document.sourceId}: the download URL answered ${response.status}`);
    const announced = response.headers.get('content-length');
    return {
      contentType: attachable.ContentType ?? null,
      sizeBytes: announced !== null && Number.isFinite(Number(announced)) ? Number(announced) : typeof attachable.Size === 'number' ? attachable.Size : null,
      body: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) as AsyncIterable<Uint8Array>,
    };
  },
};
