import { html } from './html.js';
import type { PageContent } from './page-content.js';
import type { ClientDocument } from '../../src/documents/load-documents.js';
import { documentsTable } from './documents-page.js';

/** An invoice page with the files the business sent with it (Xero IncludeOnline, QuickBooks attachments), when there are any. */
export function withInvoiceDocuments(page: PageContent, documents: ClientDocument[]): PageContent {
  if (documents.length === 0) return page;
  return { ...page, body: html`${page.body}
<section class="card" aria-labelledby="invoice-documents-heading" id="documents">
  <h2 id="invoice-documents-heading">Documents</h2>
  ${documentsTable(documents, 'Files sent with this invoice')}
</section>` };
}
