import { html, type SafeHtml } from './html.js';
import { canBePaid, type InvoiceSummary } from '../loaders/load-invoices.js';
import { formatMoney, providerName } from './format.js';

/**
 * The Pay button of an open bill, wherever it is paid: a provider's payment page (opened
 * directly), Xero's online invoice (asked for when pressed), or the business's payment
 * instructions on the invoice page. Nothing on a void, paid or draft invoice.
 */
export function payAction(invoice: Pick<InvoiceSummary, 'pay' | 'status' | 'amountDueMinor' | 'currency' | 'recordId' | 'number'>, options: { label?: string; quiet?: boolean } = {}): SafeHtml | '' {
  if (!canBePaid(invoice) || !invoice.pay) return '';
  const label = options.label ?? `Pay ${formatMoney(invoice.amountDueMinor, invoice.currency)}`;
  const name = invoice.number ? `invoice ${invoice.number}` : 'this invoice';
  const css = `button${options.quiet ? ' button-small' : ''}`;
  switch (invoice.pay.kind) {
    case 'link':
      return html`<a class="${css}" href="${invoice.pay.url}" rel="noopener" aria-label="${label}: ${name}, on ${providerName(invoice.pay.provider)}'s payment page">${label}</a>`;
    case 'online_invoice':
      return html`<a class="${css}" href="/invoices/${invoice.pay.recordId}/pay" aria-label="${label}: ${name}, on ${providerName(invoice.pay.provider)}'s online invoice">${label}</a>`;
    case 'instructions':
      return html`<a class="${css}" href="/invoices/${invoice.recordId}#how-to-pay" aria-label="${label}: how to pay ${name}">${label}</a>`;
  }
}

/** "in Stripe and Xero": every system a bill is kept in. */
export function describeCopies(sources: { provider: string }[]): string {
  const names = [...new Set(sources.map((s) => providerName(s.provider)))];
  if (names.length <= 1) return `in ${names[0] ?? 'our records'}`;
  return `in ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
