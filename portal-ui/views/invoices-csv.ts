import type { InvoiceSummary } from '../loaders/load-invoices.js';
import { INVOICE_STATUS_LABELS } from './badges.js';
import { invoiceChipText } from './invoice-chip.js';
import { currencyExponent } from '../../src/model/money.js';
import { providerName } from './format.js';

/**
 * The invoice list as CSV (RFC 4180: every field quoted, quotes doubled, CRLF), amounts as plain
 * decimals a spreadsheet sums. A field starting with = + - @ is prefixed with ' so a spreadsheet
 * never runs a provider's text as a formula.
 */
export function invoicesCsv(invoices: InvoiceSummary[], today: string): string {
  const header = ['Invoice', 'Status', 'Status detail', 'Issued', 'Due', 'Currency', 'Total', 'Amount due', 'Kept in'];
  const rows = invoices.map((invoice) => [
    invoice.number ?? '',
    INVOICE_STATUS_LABELS[invoice.status],
    invoiceChipText(invoice, today),
    invoice.issueDate?.slice(0, 10) ?? '',
    invoice.dueDate?.slice(0, 10) ?? '',
    invoice.currency,
    decimal(invoice.totalMinor, invoice.currency),
    decimal(invoice.amountDueMinor, invoice.currency),
    [...new Set(invoice.sources.map((s) => providerName(s.provider)))].join(' and '),
  ]);
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function decimal(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = Math.abs(minor).toString().padStart(exponent + 1, '0');
  const text = exponent > 0 ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits;
  return minor < 0 ? `-${text}` : text;
}
