import { html } from './html.js';
import type { PageContent } from './page-content.js';
import type { InvoiceSummary } from '../loaders/load-invoices.js';
import { providerName } from './format.js';

/** The provider would not hand out its payment page just now: say so plainly, and how else to pay. */
export function payUnavailablePage(invoice: Pick<InvoiceSummary, 'recordId' | 'number' | 'provider'>, instructions: string | undefined, why: 'failed' | 'none' = 'failed'): PageContent {
  return {
    title: why === 'none' ? 'How to pay' : 'Payment page unavailable',
    navKey: 'invoices',
    body: html`<h1>${why === 'none' ? 'This invoice cannot be paid online' : 'The payment page is not available right now'}</h1>
<section class="card">
  <p>${why === 'none'
    ? `${providerName(invoice.provider)} offers no online payment for ${invoice.number ? `invoice ${invoice.number}` : 'this invoice'}.`
    : `${providerName(invoice.provider)} did not give us the online payment page for ${invoice.number ? `invoice ${invoice.number}` : 'this invoice'}. Please try again in a few minutes.`}</p>
  ${instructions ? html`<h2>Other ways to pay</h2><p class="instructions">${instructions}</p>` : ''}
  <p><a href="/invoices/${invoice.recordId}">Back to the invoice</a></p>
</section>`,
  };
}
