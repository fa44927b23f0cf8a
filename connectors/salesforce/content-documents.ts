/**
 * Salesforce as a document source (issue 17): Salesforce Files linked to the client's Account and
 * Opportunities. A file reaches the portal only through a ContentDocumentLink whose `Visibility` is
 * `AllUsers` — Salesforce's own "customers may see this" (files shared to an Experience Cloud
 * site's users); `InternalUsers` and `SharedUsers` links are staff-only and never listed. The query
 * asks only for AllUsers links, and the answer is checked again here. Bytes: the document's latest
 * ContentVersion's VersionData, streamed by jsforce (`record(id).blob('VersionData')`).
 */
import { Readable } from 'node:stream';
import type { DocumentSource, ListedDocument } from '../../src/connector-kit/index.js';
import { callSalesforce } from './call-salesforce.js';
import { salesforceConnection } from './create-salesforce-connection.js';

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

interface LinkRow {
  ContentDocumentId?: string;
  Visibility?: string;
  ContentDocument?: { Title?: string | null; FileExtension?: string | null; ContentSize?: number | null; CreatedDate?: string | null; LatestPublishedVersionId?: string | null } | null;
}

const TYPES: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', txt: 'text/plain', csv: 'text/csv' };

export const salesforceDocuments: DocumentSource = {
  parentObjectTypes: ['Account', 'Opportunity'],
  async list(ctx, parent) {
    if (!SALESFORCE_ID.test(parent.externalId)) return [];
    const conn = await salesforceConnection(ctx);
    const soql = `SELECT ContentDocumentId, Visibility, ContentDocument.Title, ContentDocument.FileExtension, ContentDocument.ContentSize, ContentDocument.CreatedDate, ContentDocument.LatestPublishedVersionId FROM ContentDocumentLink WHERE LinkedEntityId = '${parent.externalId}' AND Visibility = 'AllUsers'`;
    const result = (await callSalesforce(ctx, conn, async (c) => await c.query(soql, { autoFetch: true, maxFetch: 2_000 }))) as unknown as { records: LinkRow[] };
    const listed: ListedDocument[] = [];
    for (const row of result.records) {
      const document = row.ContentDocument;
      if (row.Visibility !== 'AllUsers' || !row.ContentDocumentId || !document?.LatestPublishedVersionId) continue;
      const extension = (document.FileExtension ?? '').toLowerCase();
      const title = document.Title || 'file';
      listed.push({
        sourceId: row.ContentDocumentId,
        name: extension && !title.toLowerCase().endsWith(`.${extension}`) ? `${title}.${extension}` : title,
        sizeBytes: document.ContentSize ?? null,
        contentType: TYPES[extension] ?? null,
        createdAt: document.CreatedDate ? new Date(Date.parse(document.CreatedDate.replace(/\+0000$/, 'Z'))).toISOString() : null,
        locator: { versionId: document.LatestPublishedVersionId },
      });
    }
    return listed;
  },
  async open(ctx, document, signal) {
    const versionId = String(document.locator.versionId ?? '');
    if (!SALESFORCE_ID.test(versionId)) throw new Error('Not a ContentVersion id');
    const conn = await salesforceConnection(ctx);
    const stream = conn.sobject('ContentVersion').record(versionId).blob('VersionData');
    signal.addEventListener('abort', () => stream.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted')), { once: true });
    return { contentType: null, sizeBytes: null, body: Readable.from(stream) as AsyncIterable<Uint8Array> };
  },
};
