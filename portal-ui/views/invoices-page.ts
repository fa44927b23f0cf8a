import { html } from './html.js';
import type { PageContent } from './page-content.js';
import { SHOWN_STATUSES, type InvoiceSummary, type ShownStatus } from '../loaders/load-invoices.js';
import { describeSources, formatMoney } from './format.js';
import { dayTag } from './time-tags.js';
import { INVOICE_STATUS_LABELS, invoiceStatusBadge } from './badges.js';
import { newestPerProvider } from '../loaders/load-dashboard-figures.js';

/** The invoice list with a status filter that is a plain GET form: it works without JavaScript. */
export function invoicesPage(invoices: InvoiceSummary[], filter: ShownStatus | null, now: number): PageContent {
  const sources = newestPerProvider(invoices);
  return {
    title: 'Invoices',
    navKey: 'invoices',
    body: html`<h1>Invoices</h1>
<form method="get" action="/invoices" class="filter card">
  <label for="status-filter">Status</label>
  <select id="status-filter" name="status">
    <option value=""${filter === null ? ' selected' : ''}>All invoices</option>
    ${SHOWN_STATUSES.map((status) => html`<option value="${status}"${filter === status ? html` selected` : ''}>${INVOICE_STATUS_LABELS[status]}</option>`)}
  </select>
  <button type="submit" class="button button-quiet">Show</button>
</form>
${invoices.length === 0
  ? html`<section class="card"><p>${filter
      ? html`No ${INVOICE_STATUS_LABELS[filter].toLowerCase()} invoices. <a href="/invoices">Show all invoices</a>.`
      : 'You have no invoices yet. When we bill you, each invoice appears here with its status and a copy to download.'}</p></section>`
  : html`<div class="table-wrap" role="region" aria-labelledby="invoices-caption" tabindex="0">
<table class="compact">
  <caption id="invoices-caption">${filter ? `${INVOICE_STATUS_LABELS[filter]} invoices` : 'All invoices'}, newest first</caption>
  <thead><tr><th scope="col">Invoice</th><th scope="col">Status</th><th scope="col" class="num">Amount due</th><th scope="col">Due</th><th scope="col" class="num">Total</th><th scope="col">Issued</th></tr></thead>
  <tbody>${invoices.map(
    (invoice) => html`<tr>
    <th scope="row"><a href="/invoices/${invoice.recordId}">${invoice.number ?? 'Invoice without number'}</a></th>
    <td>${invoiceStatusBadge(invoice.status)}</td>
    <td class="num">${formatMoney(invoice.amountDueMinor, invoice.currency)}</td>
    <td>${dayTag(invoice.dueDate)}</td>
    <td class="num">${formatMoney(invoice.totalMinor, invoice.currency)}</td>
    <td>${dayTag(invoice.issueDate)}</td>
  </tr>`,
  )}</tbody>
</table>
</div>
<p class="source">${describeSources(sources, now)}</p>`}`,
  };
}
