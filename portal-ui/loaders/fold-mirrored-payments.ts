import type { Queryable } from '../../src/store/store.js';
import { listPayments, type PaymentItem } from './load-payments.js';
import { loadInvoiceGroups } from './load-invoice-groups.js';
import { daysBetween } from './calendar-day.js';

export interface PaymentOnce extends PaymentItem {
  /** Every system that recorded this payment, the shown one first. */
  sources: string[];
}

/**
 * The client's payments with each payment listed once: a payment recorded in Stripe and again in
 * the books (by the sync tool that mirrors the invoice) is one payment when both are of the same
 * amount and currency, dated within `toleranceDays`, from different connections, and go to copies
 * of one bill (src/billing matched the invoices). The copy paying the bill's shown invoice is kept.
 */
export async function listPaymentsOnce(q: Queryable, clientId: number, toleranceDays = 3): Promise<PaymentOnce[]> {
  const payments = await listPayments(q, clientId);
  const groups = await loadInvoiceGroups(q, clientId);
  const billsOf = (payment: PaymentItem) => new Set(payment.invoices.map((invoice) => groups.get(invoice.recordId)).filter((g): g is number => g !== undefined));
  const paysShown = (payment: PaymentItem) => payment.invoices.some((invoice) => groups.get(invoice.recordId) === invoice.recordId);
  const folded = new Set<number>();
  const result: PaymentOnce[] = [];
  for (const payment of payments) {
    if (folded.has(payment.recordId)) continue;
    const bills = billsOf(payment);
    const twins = bills.size === 0
      ? []
      : payments.filter((other) =>
          other.recordId !== payment.recordId &&
          !folded.has(other.recordId) &&
          other.provider !== payment.provider &&
          other.currency === payment.currency &&
          other.amountMinor === payment.amountMinor &&
          Math.abs(daysBetween(payment.paidAt, other.paidAt)) <= toleranceDays &&
          [...billsOf(other)].some((bill) => bills.has(bill)),
        );
    const members = [payment, ...twins];
    const shown = members.find(paysShown) ?? payment;
    for (const member of members) folded.add(member.recordId);
    result.push({ ...shown, sources: [shown.provider, ...members.filter((m) => m !== shown).map((m) => m.provider)] });
  }
  return result;
}
