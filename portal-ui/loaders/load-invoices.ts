import type { Db } from '../../src/db/open-database.js';
import type { Invoice, InvoiceStatus } from '../../src/model/unified-model.js';
import { findClientRecord, listClientRecords, todayOf, type ClientRecord } from './client-records.js';
import { creditsForInvoice, paymentsForInvoice, type AppliedCredit, type AppliedPayment } from './load-payments.js';

/** What a client can see of an invoice's status: drafts are the business's work in progress and never shown. */
export type ShownStatus = Exclude<InvoiceStatus, 'draft'>;
export const SHOWN_STATUSES: ShownStatus[] = ['open', 'overdue', 'partially_paid', 'paid', 'void'];
/** Statuses that still expect money from the client. */
export const PAYABLE_STATUSES: ReadonlySet<ShownStatus> = new Set(['open', 'overdue', 'partially_paid']);

export interface InvoiceSummary {
  recordId: number;
  number: string | null;
  status: ShownStatus;
  issueDate: string | null;
  dueDate: string | null;
  currency: string;
  totalMinor: number;
  amountDueMinor: number;
  payUrl: string | null;
  pdfAvailable: boolean;
  provider: string;
  syncedAt: number;
}

export interface InvoiceDetail extends InvoiceSummary {
  connectionId: number;
  externalId: string;
  subtotalMinor: number;
  taxMinor: number;
  lines: Invoice['lines'];
  /** Payments applied to this invoice, each with its share of the payment. */
  payments: AppliedPayment[];
  credits: AppliedCredit[];
}

/** The client's invoices, newest first, drafts left out; optionally only one status. */
export function listInvoices(db: Db, clientId: number, now: number, status?: ShownStatus): InvoiceSummary[] {
  return listClientRecords(db, clientId, 'invoice')
    .map((record) => summarize(record, now))
    .filter((invoice): invoice is InvoiceSummary => invoice !== null && (!status || invoice.status === status))
    .sort((a, b) => (b.issueDate ?? '').localeCompare(a.issueDate ?? '') || b.recordId - a.recordId);
}

/** One invoice of this client, or null (another client's, a draft, deleted and missing all look the same). */
export function loadInvoice(db: Db, clientId: number, invoiceRecordId: number, now: number): InvoiceDetail | null {
  const record = findClientRecord(db, clientId, 'invoice', invoiceRecordId);
  const summary = record ? summarize(record, now) : null;
  if (!record || !summary) return null;
  return {
    ...summary,
    connectionId: record.connectionId,
    externalId: record.externalId,
    subtotalMinor: record.data.subtotalMinor,
    taxMinor: record.data.taxMinor,
    lines: record.data.lines,
    payments: paymentsForInvoice(db, clientId, record),
    credits: creditsForInvoice(db, clientId, record),
  };
}

/**
 * Whether the Pay link is offered: a payment page exists and money is still expected. The URL comes
 * from a provider; only http(s) addresses become links (a javascript: URL passes a URL check).
 */
export function canBePaid(invoice: Pick<InvoiceSummary, 'payUrl' | 'status'>): boolean {
  return invoice.payUrl !== null && isWebAddress(invoice.payUrl) && PAYABLE_STATUSES.has(invoice.status);
}

function isWebAddress(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function summarize(record: ClientRecord<'invoice'>, now: number): InvoiceSummary | null {
  const data = record.data;
  if (data.status === 'draft') return null;
  return {
    recordId: record.id,
    number: data.number,
    status: shownStatus(data, now),
    issueDate: data.issueDate,
    dueDate: data.dueDate,
    currency: data.currency,
    totalMinor: data.totalMinor,
    amountDueMinor: data.amountDueMinor,
    payUrl: data.payUrl,
    pdfAvailable: data.pdfAvailable,
    provider: record.provider,
    syncedAt: record.syncedAt,
  };
}

/**
 * The provider's status, except that an open invoice whose due day has passed is shown overdue:
 * providers that only refresh status on edit (or between polls) would otherwise show it open.
 */
export function shownStatus(invoice: Pick<Invoice, 'status' | 'dueDate' | 'amountDueMinor'>, now: number): ShownStatus {
  const status = invoice.status === 'draft' ? 'open' : invoice.status;
  if (status === 'open' && invoice.amountDueMinor > 0 && invoice.dueDate && invoice.dueDate.slice(0, 10) < todayOf(now)) return 'overdue';
  return status;
}
