import type { Db } from '../../src/db/open-database.js';
import { listClientRecords, type ClientRecord } from './client-records.js';

export interface PaymentItem {
  recordId: number;
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  paidAt: string;
  method: string | null;
  provider: string;
  syncedAt: number;
  /** The client's (non-draft) invoices this payment settles, found in the payment's own connection. */
  invoices: { recordId: number; number: string | null }[];
}

/** The client's payments, newest first. */
export function listPayments(db: Db, clientId: number): PaymentItem[] {
  const invoices = listClientRecords(db, clientId, 'invoice').filter((i) => i.data.status !== 'draft');
  return listClientRecords(db, clientId, 'payment')
    .map((payment) => toItem(payment, invoices))
    .sort((a, b) => b.paidAt.localeCompare(a.paidAt) || b.recordId - a.recordId);
}

/**
 * Payments applied to one invoice: the client's payments from the invoice's own connection that name
 * its external id (an id means nothing outside its connection: two Xero organisations reuse ids).
 */
export function paymentsForInvoice(db: Db, clientId: number, invoice: ClientRecord<'invoice'>): PaymentItem[] {
  return listPayments(db, clientId).filter((payment) => payment.invoices.some((linked) => linked.recordId === invoice.id));
}

function toItem(payment: ClientRecord<'payment'>, invoices: ClientRecord<'invoice'>[]): PaymentItem {
  const linked = invoices.filter((invoice) => invoice.connectionId === payment.connectionId && payment.data.invoiceExternalIds.includes(invoice.externalId));
  return {
    recordId: payment.id,
    amountMinor: payment.data.amountMinor,
    refundedMinor: payment.data.refundedMinor,
    currency: payment.data.currency,
    paidAt: payment.data.paidAt,
    method: payment.data.method,
    provider: payment.provider,
    syncedAt: payment.syncedAt,
    invoices: linked.map((invoice) => ({ recordId: invoice.id, number: invoice.data.number })),
  };
}
