import { html, type SafeHtml } from './html.js';
import type { InvoiceSummary } from '../loaders/load-invoices.js';
import { daysBetween } from '../loaders/calendar-day.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The status a client reads first, in words with the days that matter: "Overdue 12 days",
 * "Due in 5 days", "Due today", "Paid", "Void". Partly paid bills say so, with their due words.
 */
export function invoiceChipText(invoice: Pick<InvoiceSummary, 'status' | 'dueDate' | 'amountDueMinor'>, today: string): string {
  if (invoice.status === 'paid') return 'Paid';
  if (invoice.status === 'void') return 'Void';
  const prefix = invoice.status === 'partially_paid' ? 'Partly paid · ' : '';
  if (!invoice.dueDate || invoice.amountDueMinor <= 0) return `${prefix}${invoice.status === 'partially_paid' ? 'open' : 'Open'}`;
  const days = daysBetween(today, invoice.dueDate);
  if (days < 0) return `${prefix}${prefix ? 'overdue' : 'Overdue'} ${plural(-days, 'day')}`;
  if (days === 0) return `${prefix}${prefix ? 'due' : 'Due'} today`;
  return `${prefix}${prefix ? 'due' : 'Due'} in ${plural(days, 'day')}`;
}

/** Overdue when the due day has passed on the reader's calendar, whatever the provider last said. */
export function isOverdueOn(invoice: Pick<InvoiceSummary, 'status' | 'dueDate' | 'amountDueMinor'>, today: string): boolean {
  return (invoice.status === 'open' || invoice.status === 'overdue' || invoice.status === 'partially_paid') && invoice.amountDueMinor > 0 && invoice.dueDate !== null && invoice.dueDate.slice(0, 10) < today;
}

export function invoiceChip(invoice: Pick<InvoiceSummary, 'status' | 'dueDate' | 'amountDueMinor'>, today: string): SafeHtml {
  const tone = invoice.status === 'paid' || invoice.status === 'void' ? invoice.status : isOverdueOn(invoice, today) ? 'overdue' : invoice.status === 'partially_paid' ? 'partially_paid' : 'open';
  return html`<span class="badge badge-${tone}">${invoiceChipText(invoice, today)}</span>`;
}
