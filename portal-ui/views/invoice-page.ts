import { html } from './html.js';
import type { PageContent } from './page-content.js';
import { canBePaid, type InvoiceDetail } from '../loaders/load-invoices.js';
import type { AppliedPayment } from '../loaders/load-payments.js';
import { describeFreshness, formatMoney } from './format.js';
import { dayTag } from './time-tags.js';
import { invoiceChip } from './invoice-chip.js';
import { readablePaymentMethod } from './payment-method.js';
import { describeCopies, payAction } from './pay-action.js';
import { providerName } from './format.js';

export interface InvoiceView {
  invoice: InvoiceDetail;
  /** The role may download and the provider renders PDFs. */
  showPdf: boolean;
  /** The role may pay. */
  mayPay: boolean;
  now: number;
  /** Today in the reader's time zone, for "overdue N days". */
  today: string;
  /** billing.paymentInstructions: shown when no payment page exists, or beside one. */
  paymentInstructions?: string | undefined;
}

/**
 * What a payment put on this invoice. Part of a larger payment says so, since the client knows the
 * payment by its total; the share is the provider's own allocation, never the total.
 */
function appliedAmount(payment: AppliedPayment) {
  const total = formatMoney(payment.amountMinor, payment.currency);
  if (payment.appliedMinor === null) return html`Part of a payment of ${total}`;
  const applied = formatMoney(payment.appliedMinor, payment.currency);
  return payment.appliedMinor === payment.amountMinor ? applied : html`${applied} (of a payment of ${total})`;
}

export function invoicePage({ invoice, showPdf, mayPay, now, today, paymentInstructions }: InvoiceView): PageContent {
  const title = invoice.number ? `Invoice ${invoice.number}` : 'Invoice';
  const money = (minor: number) => formatMoney(minor, invoice.currency);
  return {
    title,
    navKey: 'invoices',
    body: html`<nav aria-label="Breadcrumb" class="breadcrumb"><a href="/invoices">All invoices</a></nav>
<h1>${title} ${invoiceChip(invoice, today)}</h1>
<section class="card" aria-labelledby="summary-heading">
  <h2 id="summary-heading">Summary</h2>
  <dl class="facts">
    <div><dt>Issued</dt><dd>${dayTag(invoice.issueDate)}</dd></div>
    <div><dt>Due</dt><dd>${dayTag(invoice.dueDate)}</dd></div>
    <div><dt>Total</dt><dd>${money(invoice.totalMinor)}</dd></div>
    <div><dt>Amount due</dt><dd>${money(invoice.amountDueMinor)}</dd></div>
  </dl>
  <p class="actions">
    ${mayPay ? payAction(invoice) : ''}
    ${showPdf ? html`<a class="button button-quiet" href="/invoices/${invoice.recordId}/pdf" download>Download PDF</a>` : ''}
  </p>
  ${invoice.sources.length > 1
    ? html`<p class="copies">One bill, kept ${describeCopies(invoice.sources)}${invoice.sources.slice(1).some((c) => c.number && c.number !== invoice.number) ? html` (${invoice.sources.slice(1).filter((c) => c.number).map((c) => `${providerName(c.provider)} ${c.number}`).join(', ')})` : ''}: it is counted once.</p>`
    : ''}
  ${mayPay && canBePaid(invoice) && paymentInstructions && invoice.pay?.kind === 'instructions'
    ? html`<div id="how-to-pay" class="how-to-pay"><h3>How to pay</h3><p class="instructions">${paymentInstructions}</p></div>`
    : ''}
  <p class="source">${describeFreshness(invoice.provider, invoice.syncedAt, now)}</p>
</section>
<section class="card" aria-labelledby="lines-heading">
  <h2 id="lines-heading">Items</h2>
  ${invoice.lines.length === 0
    ? html`<p>This invoice lists no separate items.</p>`
    : html`<div class="table-wrap" role="region" aria-labelledby="lines-caption" tabindex="0">
  <table class="cards">
    <caption id="lines-caption" class="visually-hidden">Items on ${title}</caption>
    <thead><tr><th scope="col">Description</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Unit price</th><th scope="col" class="num">Amount</th></tr></thead>
    <tbody>${invoice.lines.map(
      (line) => html`<tr><td data-label="Item">${line.description}</td><td class="num" data-label="Quantity">${line.quantity}</td><td class="num" data-label="Unit price">${line.unitAmountMinor === null ? '—' : money(line.unitAmountMinor)}</td><td class="num" data-label="Amount">${money(line.amountMinor)}</td></tr>`,
    )}</tbody>
    <tfoot>
      <tr><th scope="row" colspan="3">Subtotal</th><td class="num">${money(invoice.subtotalMinor)}</td></tr>
      <tr><th scope="row" colspan="3">Tax</th><td class="num">${money(invoice.taxMinor)}</td></tr>
      <tr><th scope="row" colspan="3">Total</th><td class="num">${money(invoice.totalMinor)}</td></tr>
    </tfoot>
  </table>
  </div>`}
</section>
<section class="card" aria-labelledby="payments-heading">
  <h2 id="payments-heading">Payments applied</h2>
  ${invoice.payments.length === 0
    ? html`<p>No payment has been applied to this invoice yet.${canBePaid(invoice) ? ' Once you pay, it shows here after our accounting system records it.' : ''}</p>`
    : html`<ul class="plain">${invoice.payments.map(
        (payment) => html`<li>${appliedAmount(payment)} on ${dayTag(payment.paidAt)}${readablePaymentMethod(payment.method) ? html` by ${readablePaymentMethod(payment.method)}` : ''}${payment.refundedMinor > 0 ? html` <span class="badge badge-void">${formatMoney(payment.refundedMinor, payment.currency)} refunded</span>` : ''}</li>`,
      )}</ul>`}
  ${invoice.credits.length === 0
    ? ''
    : html`<h3>Credits applied</h3><ul class="plain">${invoice.credits.map(
        (credit) => html`<li>${formatMoney(credit.amountMinor, credit.currency)} from ${credit.number ? `credit note ${credit.number}` : 'a credit note'}</li>`,
      )}</ul>`}
</section>`,
  };
}
