import { html } from './html.js';
import type { PageContent } from './page-content.js';
import { SHOWN_STATUSES, type InvoiceSummary } from '../loaders/load-invoices.js';
import { describeSources, formatMoney } from './format.js';
import { dayTag } from './time-tags.js';
import { INVOICE_STATUS_LABELS } from './badges.js';
import { newestPerProvider } from '../loaders/load-dashboard-figures.js';
import { invoiceChip } from './invoice-chip.js';
import { describeCopies, payAction } from './pay-action.js';
import { INVOICE_SORTS, type InvoiceListQuery } from '../loaders/query-invoices.js';
import { statementForm } from './statement-form.js';

const SORT_LABELS: Record<(typeof INVOICE_SORTS)[number], string> = { due: 'Due date', issued: 'Newest first', amount: 'Amount due' };

export interface InvoicesView {
  invoices: InvoiceSummary[];
  query: InvoiceListQuery;
  /** Every invoice before the query narrowed them, for the "no match" wording and sources. */
  total: number;
  mayPay: boolean;
  today: string;
  now: number;
}

/**
 * The invoice list: status in words with its days ("Overdue 12 days"), where the bill is kept,
 * Pay on each open bill. Filter, search and sort are a plain GET form (the portal script sends it
 * on change; without script its button does). Below 600 px each row is a card (CSS only).
 */
export function invoicesPage({ invoices, query, total, mayPay, today, now }: InvoicesView): PageContent {
  const sources = newestPerProvider(invoices);
  const filtered = query.status !== null || query.search !== '';
  const exportHref = `/invoices/export.csv${queryString(query)}`;
  return {
    title: 'Invoices',
    navKey: 'invoices',
    body: html`<h1>Invoices</h1>
<form method="get" action="/invoices" class="filter card" data-autosubmit>
  <div class="filter-field"><label for="status-filter">Status</label>
  <select id="status-filter" name="status">
    <option value=""${query.status === null ? ' selected' : ''}>All invoices</option>
    ${SHOWN_STATUSES.map((status) => html`<option value="${status}"${query.status === status ? html` selected` : ''}>${INVOICE_STATUS_LABELS[status]}</option>`)}
  </select></div>
  <div class="filter-field"><label for="invoice-search">Search</label>
  <input type="search" id="invoice-search" name="q" value="${query.search}" placeholder="Number or amount" maxlength="60"></div>
  <div class="filter-field"><label for="invoice-sort">Sort</label>
  <select id="invoice-sort" name="sort">${INVOICE_SORTS.map((sort) => html`<option value="${sort}"${query.sort === sort ? html` selected` : ''}>${SORT_LABELS[sort]}</option>`)}</select></div>
  <button type="submit" class="button button-quiet js-hide">Show</button>
</form>
<p class="list-tools"><a href="${exportHref}" download>Download this list as CSV</a></p>
${statementForm(today)}
${invoices.length === 0
  ? html`<section class="card"><p>${filtered && total > 0
      ? html`No invoice matches. <a href="/invoices">Show all invoices</a>.`
      : 'You have no invoices yet. When we bill you, each invoice appears here with its status and a copy to download.'}</p></section>`
  : html`<div class="table-wrap" role="region" aria-labelledby="invoices-caption" tabindex="0">
<table class="compact cards">
  <caption id="invoices-caption">${query.status ? `${INVOICE_STATUS_LABELS[query.status]} invoices` : 'All invoices'}, ${SORT_LABELS[query.sort].toLowerCase()}</caption>
  <thead><tr><th scope="col">Invoice</th><th scope="col">Status</th><th scope="col" class="num">Amount due</th><th scope="col">Due</th><th scope="col" class="num">Total</th><th scope="col">Issued</th><th scope="col">Kept</th><th scope="col"><span class="visually-hidden">Pay</span></th></tr></thead>
  <tbody>${invoices.map(
    (invoice) => html`<tr>
    <th scope="row" data-label="Invoice"><a href="/invoices/${invoice.recordId}">${invoice.number ?? 'Invoice without number'}</a></th>
    <td data-label="Status">${invoiceChip(invoice, today)}</td>
    <td class="num" data-label="Amount due">${formatMoney(invoice.amountDueMinor, invoice.currency)}</td>
    <td data-label="Due">${dayTag(invoice.dueDate)}</td>
    <td class="num" data-label="Total">${formatMoney(invoice.totalMinor, invoice.currency)}</td>
    <td data-label="Issued">${dayTag(invoice.issueDate)}</td>
    <td data-label="Kept" class="small">${describeCopies(invoice.sources)}</td>
    <td class="row-pay">${mayPay ? payAction(invoice, { label: 'Pay', quiet: true }) : ''}</td>
  </tr>`,
  )}</tbody>
</table>
</div>
<p class="source">${describeSources(sources, now)}</p>`}`,
  };
}

function queryString(query: InvoiceListQuery): string {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.search) params.set('q', query.search);
  if (query.sort !== 'due') params.set('sort', query.sort);
  const text = params.toString();
  return text ? `?${text}` : '';
}
