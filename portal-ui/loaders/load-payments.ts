import type { Queryable } from '../../src/store/store.js';
import { listClientRecords, type ClientRecord } from '../../src/records/client-records.js';
import { shareOf } from '../../src/model/payment-share.js';

/** One invoice a payment went to, and how much of the payment it took. */
export interface PaymentShare {
  recordId: number;
  number: string | null;
  /** This invoice's share of the payment in minor units; null when the provider named the invoice without an amount. */
  appliedMinor: number | null;
}

export interface PaymentItem {
  recordId: number;
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  paidAt: string;
  method: string | null;
  provider: string;
  syncedAt: number;
  /** The client's (non-draft) invoices this payment settles, found in the payment's own connection, with each one's share. */
  invoices: PaymentShare[];
}

/** A payment as one invoice's page shows it: the whole payment, and what of it went to that invoice. */
export interface AppliedPayment extends PaymentItem {
  /** This invoice's share; null when the provider did not say how a payment of several invoices was split. */
  appliedMinor: number | null;
}

/** Credit set against one invoice (a credit note's allocation, or a QuickBooks credit memo applied through a payment). */
export interface AppliedCredit {
  number: string | null;
  amountMinor: number;
  currency: string;
  provider: string;
}

/**
 * The client's payments, newest first. A QuickBooks credit memo applied to an invoice arrives as a
 * payment of nothing that only carries the credit: no money was paid, so it is not listed.
 */
export async function listPayments(q: Queryable, clientId: number): Promise<PaymentItem[]> {
  const invoices = (await listClientRecords(q, clientId, 'invoice')).filter((i) => i.data.status !== 'draft');
  return (await listClientRecords(q, clientId, 'payment'))
    .filter((payment) => payment.data.amountMinor !== 0 || (payment.data.creditAllocations ?? []).length === 0)
    .map((payment) => toItem(payment, invoices))
    .sort((a, b) => b.paidAt.localeCompare(a.paidAt) || b.recordId - a.recordId);
}

/**
 * Payments applied to one invoice: the client's payments from the invoice's own connection that name
 * its external id (an id means nothing outside its connection: two Xero organisations reuse ids),
 * each with the part of it that went to this invoice. A payment that put none of its money here
 * (credit applied alongside money for other invoices) is not a payment of this invoice.
 */
export async function paymentsForInvoice(q: Queryable, clientId: number, invoice: ClientRecord<'invoice'>): Promise<AppliedPayment[]> {
  return (await listPayments(q, clientId))
    .map((payment) => ({ ...payment, appliedMinor: payment.invoices.find((linked) => linked.recordId === invoice.id)?.appliedMinor }))
    .filter((payment): payment is AppliedPayment => payment.appliedMinor !== undefined && payment.appliedMinor !== 0);
}

/** Credits set against one invoice, from the client's credit notes and payments in the invoice's connection. */
export async function creditsForInvoice(q: Queryable, clientId: number, invoice: ClientRecord<'invoice'>): Promise<AppliedCredit[]> {
  const notes = (await listClientRecords(q, clientId, 'credit_note')).filter((note) => note.connectionId === invoice.connectionId);
  const credits: AppliedCredit[] = [];
  for (const note of notes) {
    for (const allocation of note.data.allocations ?? []) {
      if (allocation.invoiceExternalId === invoice.externalId) credits.push({ number: note.data.number, amountMinor: allocation.amountMinor, currency: note.data.currency, provider: note.provider });
    }
  }
  for (const payment of (await listClientRecords(q, clientId, 'payment')).filter((p) => p.connectionId === invoice.connectionId)) {
    for (const credit of payment.data.creditAllocations ?? []) {
      if (credit.invoiceExternalId !== invoice.externalId) continue;
      const note = notes.find((n) => n.externalId === credit.creditNoteExternalId);
      credits.push({ number: note?.data.number ?? null, amountMinor: credit.amountMinor, currency: payment.data.currency, provider: payment.provider });
    }
  }
  return credits;
}

function toItem(payment: ClientRecord<'payment'>, invoices: ClientRecord<'invoice'>[]): PaymentItem {
  const linked = payment.data.invoiceExternalIds
    .map((externalId) => invoices.find((invoice) => invoice.connectionId === payment.connectionId && invoice.externalId === externalId))
    .filter((invoice): invoice is ClientRecord<'invoice'> => invoice !== undefined);
  return {
    recordId: payment.id,
    amountMinor: payment.data.amountMinor,
    refundedMinor: payment.data.refundedMinor,
    currency: payment.data.currency,
    paidAt: payment.data.paidAt,
    method: payment.data.method,
    provider: payment.provider,
    syncedAt: payment.syncedAt,
    invoices: linked.map((invoice) => ({ recordId: invoice.id, number: invoice.data.number, appliedMinor: shareOf(payment.data, invoice.externalId) })),
  };
}
