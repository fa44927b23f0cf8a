import { SHOWN_STATUSES, type InvoiceSummary, type ShownStatus } from './load-invoices.js';

export const INVOICE_SORTS = ['due', 'issued', 'amount'] as const;
export type InvoiceSort = (typeof INVOICE_SORTS)[number];

export interface InvoiceListQuery {
  status: ShownStatus | null;
  search: string;
  sort: InvoiceSort;
}

/** The list's query string, read leniently: an unknown status or sort is ignored (it is only a view), a search is trimmed and bounded. */
export function parseInvoiceQuery(query: Record<string, unknown>): InvoiceListQuery {
  const status = typeof query.status === 'string' && (SHOWN_STATUSES as string[]).includes(query.status) ? (query.status as ShownStatus) : null;
  const search = typeof query.q === 'string' ? query.q.trim().slice(0, 60) : '';
  const sort = typeof query.sort === 'string' && (INVOICE_SORTS as readonly string[]).includes(query.sort) ? (query.sort as InvoiceSort) : 'due';
  return { status, search, sort };
}

/**
 * Narrows and orders the list. Search matches the invoice number (any copy's) or an amount typed
 * as the client reads it ("14,400", "14400.00"). "Due" puts what is owed first, soonest due (most
 * overdue) at the top, settled bills after, newest first.
 */
export function queryInvoices(invoices: InvoiceSummary[], query: InvoiceListQuery): InvoiceSummary[] {
  const needle = query.search.toLowerCase();
  const digits = needle.replace(/[^0-9.]/g, '');
  const matches = (invoice: InvoiceSummary) => {
    if (!needle) return true;
    if (invoice.sources.some((copy) => copy.number?.toLowerCase().includes(needle)) || invoice.number?.toLowerCase().includes(needle)) return true;
    if (!digits || !/\d/.test(digits)) return false;
    return [invoice.totalMinor, invoice.amountDueMinor].some((minor) => amountText(minor).startsWith(digits.replace(/\.$/, '')) || String(minor) === digits);
  };
  const owed = (invoice: InvoiceSummary) => (invoice.amountDueMinor > 0 && invoice.status !== 'void' && invoice.status !== 'paid' ? 0 : 1);
  const sorted = invoices.filter((invoice) => (!query.status || invoice.status === query.status) && matches(invoice));
  return sorted.sort((a, b) => {
    if (query.sort === 'amount') return b.amountDueMinor - a.amountDueMinor || b.totalMinor - a.totalMinor || b.recordId - a.recordId;
    if (query.sort === 'due') return owed(a) - owed(b) || (owed(a) === 0 ? (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') : (b.issueDate ?? '').localeCompare(a.issueDate ?? '')) || b.recordId - a.recordId;
    return (b.issueDate ?? '').localeCompare(a.issueDate ?? '') || b.recordId - a.recordId;
  });
}

/** 1440000 minor units → "14400.00" (two decimals; search is forgiving, not exact for every currency). */
function amountText(minor: number): string {
  const digits = Math.abs(minor).toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
