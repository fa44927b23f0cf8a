import type { Queryable } from '../../src/store/store.js';
import type { Invoice, InvoiceStatus } from '../../src/model/unified-model.js';
import { findClientRecord, listClientRecords, todayOf, type ClientRecord } from '../../src/records/client-records.js';
import { creditsForInvoice, paymentsForInvoice, type AppliedCredit, type AppliedPayment } from './load-payments.js';
import { loadInvoiceGroups } from './load-invoice-groups.js';

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
  /**
   * Every system this bill is kept in, the shown copy first ("in Stripe and Xero"): a bill mirrored
   * from Stripe into the books is one bill, listed and counted once.
   */
  sources: InvoiceCopy[];
  /** How the client pays it: a provider's payment page, Xero's online invoice, or written instructions. */
  pay: PayOption | null;
}

export interface InvoiceCopy {
  provider: string;
  recordId: number;
  number: string | null;
}

export type PayOption =
  /** A payment page the provider gave with the invoice (Stripe's hosted page, QuickBooks' InvoiceLink). */
  | { kind: 'link'; url: string; provider: string }
  /** Xero's online invoice: its URL is asked for when the client presses Pay (GET /invoices/:id/pay). */
  | { kind: 'online_invoice'; recordId: number; provider: string }
  /** No page anywhere: the business's payment instructions are shown instead. */
  | { kind: 'instructions' };

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

/**
 * The client's invoices, newest first, drafts left out, each bill once: copies of one bill kept
 * in several systems are shown as the system of record's copy, naming the others. Optionally only
 * one status.
 */
export async function listInvoices(q: Queryable, clientId: number, now: number, status?: ShownStatus, options: PayOptions = {}): Promise<InvoiceSummary[]> {
  const records = await listClientRecords(q, clientId, 'invoice');
  const groups = await loadInvoiceGroups(q, clientId);
  const byId = new Map(records.map((r) => [r.id, r]));
  const copiesOf = new Map<number, ClientRecord<'invoice'>[]>();
  for (const record of records) {
    const groupId = groups.get(record.id);
    // A copy is folded into its group only while the shown copy is itself live and this client's.
    if (groupId === undefined || !byId.has(groupId)) continue;
    copiesOf.set(groupId, [...(copiesOf.get(groupId) ?? []), record]);
  }
  return records
    .filter((record) => {
      const groupId = groups.get(record.id);
      return groupId === undefined || groupId === record.id || !byId.has(groupId);
    })
    .map((record) => summarize(record, now, [record, ...(copiesOf.get(record.id) ?? []).filter((copy) => copy.id !== record.id)], options))
    .filter((invoice): invoice is InvoiceSummary => invoice !== null && (!status || invoice.status === status))
    .sort((a, b) => (b.issueDate ?? '').localeCompare(a.issueDate ?? '') || b.recordId - a.recordId);
}

/** What decides the pay options beyond the invoices themselves. */
export interface PayOptions {
  /** Providers whose invoices can be paid through an online invoice fetched on demand (Xero). */
  onlineInvoiceProviders?: ReadonlySet<string>;
  /** The business configured payment instructions (billing.paymentInstructions). */
  hasInstructions?: boolean;
}

/** One invoice of this client, or null (another client's, a draft, deleted and missing all look the same). */
export async function loadInvoice(q: Queryable, clientId: number, invoiceRecordId: number, now: number, options: PayOptions = {}): Promise<InvoiceDetail | null> {
  const record = await findClientRecord(q, clientId, 'invoice', invoiceRecordId);
  if (!record) return null;
  const groups = await loadInvoiceGroups(q, clientId);
  const groupId = groups.get(record.id);
  const members = groupId === undefined ? [] : [...groups].filter(([, g]) => g === groupId).map(([id]) => id);
  const copies = groupId === undefined
    ? [record]
    : (await Promise.all(members.map((id) => (id === record.id ? record : findClientRecord(q, clientId, 'invoice', id))))).filter((r): r is ClientRecord<'invoice'> => r !== null);
  // The copy asked for comes first: its page shows its own lines and amounts, naming the others.
  const ordered = [record, ...copies.filter((c) => c.id !== record.id)];
  const summary = summarize(record, now, ordered, options);
  if (!summary) return null;
  return {
    ...summary,
    connectionId: record.connectionId,
    externalId: record.externalId,
    subtotalMinor: record.data.subtotalMinor,
    taxMinor: record.data.taxMinor,
    lines: record.data.lines,
    payments: await paymentsForInvoice(q, clientId, record),
    credits: await creditsForInvoice(q, clientId, record),
  };
}

/**
 * Whether Pay is offered: money is still expected (never on a void, paid or draft invoice) and
 * there is a way to pay. A provider URL becomes a link only when it is http(s) (a javascript: URL
 * passes a URL check).
 */
export function canBePaid(invoice: Pick<InvoiceSummary, 'pay' | 'status' | 'amountDueMinor'>): boolean {
  return invoice.pay !== null && PAYABLE_STATUSES.has(invoice.status) && invoice.amountDueMinor > 0;
}

/**
 * How a bill is paid: the shown copy's own payment page, else another copy's (a Xero invoice
 * mirrored from Stripe is paid on Stripe's page), else Xero's online invoice, else instructions.
 */
export function payOptionFor(copies: ClientRecord<'invoice'>[], status: ShownStatus, amountDueMinor: number, options: PayOptions): PayOption | null {
  if (!PAYABLE_STATUSES.has(status) || amountDueMinor <= 0) return null;
  for (const copy of copies) {
    if (copy.data.payUrl !== null && isWebAddress(copy.data.payUrl) && copy.data.status !== 'void' && copy.data.status !== 'draft') return { kind: 'link', url: copy.data.payUrl, provider: copy.provider };
  }
  const online = copies.find((copy) => options.onlineInvoiceProviders?.has(copy.provider) && copy.data.status !== 'void' && copy.data.status !== 'draft');
  if (online) return { kind: 'online_invoice', recordId: online.id, provider: online.provider };
  return options.hasInstructions ? { kind: 'instructions' } : null;
}

function isWebAddress(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function summarize(record: ClientRecord<'invoice'>, now: number, copies: ClientRecord<'invoice'>[], options: PayOptions): InvoiceSummary | null {
  const data = record.data;
  if (data.status === 'draft') return null;
  const status = shownStatus(data, now);
  return {
    recordId: record.id,
    number: data.number,
    status,
    issueDate: data.issueDate,
    dueDate: data.dueDate,
    currency: data.currency,
    totalMinor: data.totalMinor,
    amountDueMinor: data.amountDueMinor,
    payUrl: data.payUrl,
    pdfAvailable: data.pdfAvailable,
    provider: record.provider,
    syncedAt: record.syncedAt,
    sources: copies.map((copy) => ({ provider: copy.provider, recordId: copy.id, number: copy.data.number })),
    pay: payOptionFor(copies, status, data.amountDueMinor, options),
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
