/**
 * Asana as a document source (issue 17): the attachments of tasks. Listed with GET /attachments?parent=
 * (name, size, created_at, host); only files Asana hosts (`host: asana`) are listed — links to Google
 * Drive, Dropbox or Box have no bytes in Asana to stream. Opened by reading the attachment again for
 * its `download_url` (a short-lived pre-signed address, never handed to the browser) and streaming
 * the bytes from there. Core lists only tasks the client-visibility rule shows (src/documents/).
 */
import type { AsanaAnswer } from './asana-client.js';
import { type DocumentSource, type ListedDocument, ProviderError } from '../../src/connector-kit/index.js';
import { callAsana } from './call-asana.js';
import { PAGE_LIMIT } from './opt-fields.js';

interface AsanaAttachment {
  gid: string;
  name?: string | null;
  size?: number | null;
  created_at?: string | null;
  host?: string | null;
  download_url?: string | null;
}

interface AttachmentPage {
  data?: AsanaAttachment[];
  next_page?: { offset?: string | null } | null;
}

export const asanaDocuments: DocumentSource = {
  parentObjectTypes: ['Task'],
  async list(ctx, parent) {
    const found: ListedDocument[] = [];
    let offset: string | undefined;
    do {
      const page = await callAsana<AttachmentPage>(ctx, (apis) =>
        apis.attachments.getAttachmentsForObjectWithHttpInfo(parent.externalId, { limit: PAGE_LIMIT, opt_fields: 'name,size,created_at,host', ...(offset ? { offset } : {}) }) as Promise<AsanaAnswer<AttachmentPage>>,
      );
      for (const attachment of page.data ?? []) {
        if (attachment.host !== 'asana') continue;
        found.push({ sourceId: attachment.gid, name: attachment.name || 'attachment', sizeBytes: attachment.size ?? null, contentType: null, createdAt: attachment.created_at ?? null });
      }
      offset = page.next_page?.offset ?? undefined;
    } while (offset);
    return found;
  },
  async open(ctx, document, signal) {
    const attachment = await callAsana<{ data?: AsanaAttachment }>(ctx, (apis) =>
      apis.attachments.getAttachmentWithHttpInfo(document.sourceId, { opt_fields: 'name,size,host,download_url,parent' }) as Promise<AsanaAnswer<{ data?: AsanaAttachment }>>,
    );
    const url = attachment.data?.download_url;
    if (!url) throw new ProviderError(`Asana attachment ${document.sourceId} has no download address`, false, 404);
    const response = await fetch(url, { signal, redirect: 'follow' });
    if (!response.ok || !response.body) throw new ProviderError(`Asana attachment download answered ${response.status}`, response.status >= 500, response.status);
    const length = Number(response.headers.get('content-length'));
    return { contentType: response.headers.get('content-type'), sizeBytes: Number.isFinite(length) && length > 0 ? length : (attachment.data?.size ?? null), body: response.body as unknown as AsyncIterable<Uint8Array> };
  },
};
