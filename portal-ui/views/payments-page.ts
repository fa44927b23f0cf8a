import { html } from './html.js';
import { readablePaymentMethod } from './payment-method.js';
import { describeCopies } from './pay-action.js';
import type { PageContent } from './page-content.js';
import type { PaymentItem, PaymentShare } from '../loaders/load-payments.js';
import { describeSources, formatMoney } from './format.js';
import { dayTag } from './time-tags.js';
import { newestPerProvider } from '../loaders/load-dashboard-figures.js';

/** How a payment was split: each invoice's share, when the payment covered several or only part went to the one. */
function splitShare(payment: PaymentItem, invoice: PaymentShare) {
  if (invoice.appliedMinor === null) return '';
  if (payment.invoices.length === 1 && invoice.appliedMinor === payment.amountMinor) return '';
  return html` (${formatMoney(invoice.appliedMinor, payment.currency)})`;
}

export function paymentsPage(payments: (PaymentItem & { sources?: string[] })[], now: number): PageContent {
  return {
    title: 'Payments',
    navKey: 'payments',
    body: html`<h1>Payments</h1>
${payments.length === 0
  ? html`<section class="card"><p>No payments are recorded yet. After you pay an invoice, the payment appears here once our accounting system records it. <a href="/invoices">See your invoices</a>.</p></section>`
  : html`<div class="table-wrap" role="region" aria-labelledby="payments-caption" tabindex="0">
<table class="compact cards">
  <caption id="payments-caption">Payment history, newest first</caption>
  <thead><tr><th scope="col">Date</th><th scope="col" class="num">Amount</th><th scope="col" class="num">Refunded</th><th scope="col">Method</th><th scope="col">For</th></tr></thead>
  <tbody>${payments.map(
    (payment) => html`<tr>
    <th scope="row" data-label="Date">${dayTag(payment.paidAt)}</th>
    <td class="num" data-label="Amount">${formatMoney(payment.amountMinor, payment.currency)}</td>
    <td class="num" data-label="Refunded">${payment.refundedMinor > 0 ? html`<span class="badge badge-void">${formatMoney(payment.refundedMinor, payment.currency)}</span>${payment.refundedMinor >= payment.amountMinor ? ' (in full)' : ''}` : '—'}</td>
    <td data-label="Method">${readablePaymentMethod(payment.method) ?? '—'}${payment.sources && payment.sources.length > 1 ? html`<br><span class="small muted">${describeCopies(payment.sources.map((provider) => ({ provider })))}</span>` : ''}</td>
    <td data-label="For">${payment.invoices.length === 0 ? '—' : payment.invoices.map((invoice, i) => html`${i > 0 ? ', ' : ''}<a href="/invoices/${invoice.recordId}">${invoice.number ?? 'Invoice'}</a>${splitShare(payment, invoice)}`)}</td>
  </tr>`,
  )}</tbody>
</table>
</div>
<p class="source">${describeSources(newestPerProvider(payments), now)}</p>`}`,
  };
}
