import { html, type SafeHtml } from './html.js';
import type { ClientDocument } from '../../src/documents/load-documents.js';
import { documentsTable, formatBytes } from './documents-page.js';
import { csrfField } from './form-fields.js';
import { describeAllowed } from '../uploads/upload-rules.js';

export interface SentUpload {
  fileName: string;
  sizeBytes: number;
  authorName: string;
  status: 'pending' | 'done' | 'failed';
}

export interface ProjectDocumentsView {
  documents: ClientDocument[];
  uploads: SentUpload[];
  /** Null when the role may not upload, or the project's tool cannot take files. */
  uploadForm: { action: string; csrfToken: string; key: string; maxBytes: number; error: string | null } | null;
  notice: string | null;
}

const STATUS: Record<SentUpload['status'], string> = { pending: 'sending to your team', done: 'delivered', failed: 'not delivered yet — your team has been told' };

export type UploadFormView = NonNullable<ProjectDocumentsView['uploadForm']>;

/** The client's own uploads and how far each got. */
export function sentUploadsList(uploads: SentUpload[]): SafeHtml {
  return uploads.length > 0 ? html`<h3>Files you sent</h3><ul class="plain">${uploads.map((u) => html`<li>${u.fileName} (${formatBytes(u.sizeBytes)}), by ${u.authorName}: ${STATUS[u.status]}</li>`)}</ul>` : html``;
}

/** The upload form (multipart; the CSRF token and the form key come before the file). */
export function uploadForm(form: UploadFormView): SafeHtml {
  return html`<form method="post" action="${form.action}" enctype="multipart/form-data" class="stack" data-upload>
    ${csrfField(form.csrfToken)}
    <input type="hidden" name="key" value="${form.key}">
    <div class="field">
      <label for="upload-file">Send a file to the team</label>
      ${form.error ? html`<p class="field-error" id="upload-error" role="alert">${form.error}</p>` : ''}
      <input id="upload-file" name="file" type="file" required accept="${describeAllowed().split(', ').map((e) => `.${e.toLowerCase()}`).join(',')}" aria-describedby="upload-hint${form.error ? ' upload-error' : ''}">
      <p class="hint" id="upload-hint">${describeAllowed()}; up to ${formatBytes(form.maxBytes)}.</p>
    </div>
    <p><button type="submit">Send file</button></p>
  </form>`;
}

/** The project's files, the client's own uploads and how far each got, and the upload form. */
export function projectDocumentsSection(view: ProjectDocumentsView): SafeHtml {
  return html`<section class="card" aria-labelledby="documents-heading" id="documents">
  <h2 id="documents-heading">Documents</h2>
  ${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
  ${view.documents.length === 0 ? html`<p>No files have been shared on this project yet.</p>` : documentsTable(view.documents, 'Files shared on this project')}
  ${sentUploadsList(view.uploads)}
  ${view.uploadForm ? uploadForm(view.uploadForm) : ''}
</section>`;
}
