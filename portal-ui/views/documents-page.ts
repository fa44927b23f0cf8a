import { html, type SafeHtml } from './html.js';
import type { PageContent } from './page-content.js';
import type { ClientDocument } from '../../src/documents/load-documents.js';
import { providerName } from './format.js';
import { dayTag } from './time-tags.js';
import { sentUploadsList, uploadForm, type SentUpload, type UploadFormView } from './project-documents.js';

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'size unknown';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function typeLabel(doc: ClientDocument): string {
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(doc.name)?.[1];
  return extension ? extension.toUpperCase() : (doc.contentType ?? 'File');
}

/** A table of documents; used by the Documents page and on each project and invoice. */
export function documentsTable(docs: ClientDocument[], caption: string): SafeHtml {
  return html`<table>
  <caption>${caption}</caption>
  <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Size</th><th scope="col">From</th><th scope="col">Added</th></tr></thead>
  <tbody>${docs.map((doc) => html`<tr>
    <td><a href="/documents/${doc.id}/download" download>${doc.name}</a></td>
    <td>${typeLabel(doc)}</td>
    <td>${formatBytes(doc.sizeBytes)}</td>
    <td>${providerName(doc.provider)}${doc.parentLabel ? html` · ${doc.parentHref ? html`<a href="${doc.parentHref}">${doc.parentLabel}</a>` : doc.parentLabel}` : ''}</td>
    <td>${dayTag(doc.sourceCreatedAt, '—')}</td>
  </tr>`)}</tbody>
</table>`;
}

/**
 * The client's uploads that are not on a project (they go to the company in the CRM), and the form
 * when the role may upload and a CRM can take files. Null: nothing to show.
 */
export interface CompanyUploadsView {
  uploads: SentUpload[];
  uploadForm: UploadFormView | null;
  notice: string | null;
}

export function documentsPage(docs: ClientDocument[], notice: string | null, uploads: CompanyUploadsView | null = null): PageContent {
  const showUploads = uploads !== null && (uploads.uploadForm !== null || uploads.uploads.length > 0 || uploads.notice !== null);
  return {
    title: 'Documents',
    navKey: 'documents',
    body: html`<h1>Documents</h1>
<p class="lead">Files your team has shared with you, from the tools they keep them in. Downloads come through this portal.</p>
${notice ? html`<p class="notice" role="alert">${notice}</p>` : ''}
${docs.length === 0 ? html`<p>No documents have been shared with you yet.</p>` : documentsTable(docs, 'Shared documents, newest first')}
${showUploads
    ? html`<section class="card" aria-labelledby="send-heading" id="send">
  <h2 id="send-heading">Send a document</h2>
  ${uploads.notice ? html`<p class="notice" role="status">${uploads.notice}</p>` : ''}
  ${sentUploadsList(uploads.uploads)}
  ${uploads.uploadForm ? uploadForm(uploads.uploadForm) : ''}
</section>`
    : ''}`,
  };
}
