import { type ObjectMapping, type Allocation, type Payment, toMinorUnits, mergeAllocations } from '../../src/connector-kit/index.js';
import { asQuickBooksEntity, currencyOf, refValue } from '../../connectors/quickbooks/quickbooks-entity.js';

interface PaymentLine {
  Amount?: number | string;
  LinkedTxn?: { TxnId?: string; TxnType?: string }[];
}

type Split = Pick<Payment, 'allocations' | 'invoiceExternalIds' | 'creditAllocations'>;

/**
 * How a QuickBooks payment splits across invoices. Each line links one transaction and says how
 * much was applied to it: an Invoice line what the invoice was paid (by money and credit together),
 * a CreditMemo line what credit was used. TotalAmt is the money only (invoice lines less credit
 * lines), so the credit is taken off the invoice lines to get each invoice's share of the money.
 * QuickBooks does not say which invoice a credit went to when one payment settles several; the
 * credit is set against the invoices in line order, which keeps the money shares summing to TotalAmt.
 */
export function splitQuickBooksPayment(lines: readonly PaymentLine[], currency: string): Split {
  const applied: Allocation[] = [];
  const credits: { creditNoteExternalId: string; amountMinor: number }[] = [];
  const namedOnly: string[] = [];
  for (const line of lines) {
    const links = (line.LinkedTxn ?? []).filter((txn) => txn.TxnId && (txn.TxnType === 'Invoice' || txn.TxnType === 'CreditMemo'));
    const amountMinor = toMinorUnits(line.Amount ?? 0, currency);
    // A line's amount belongs to its one linked transaction; a line linking several cannot be split.
    if (links.length !== 1) {
      namedOnly.push(...links.filter((txn) => txn.TxnType === 'Invoice').map((txn) => String(txn.TxnId)));
      continue;
    }
    const [link] = links as [{ TxnId: string; TxnType: string }];
    if (link.TxnType === 'Invoice') applied.push({ invoiceExternalId: String(link.TxnId), amountMinor });
    else credits.push({ creditNoteExternalId: String(link.TxnId), amountMinor });
  }
  const money = applied.map((part) => ({ ...part }));
  const creditAllocations: Payment['creditAllocations'] = [];
  for (const credit of credits) {
    let left = credit.amountMinor;
    for (const share of money) {
      if (left <= 0) break;
      const taken = Math.min(left, share.amountMinor);
      if (taken <= 0) continue;
      share.amountMinor -= taken;
      left -= taken;
      creditAllocations.push({ creditNoteExternalId: credit.creditNoteExternalId, invoiceExternalId: share.invoiceExternalId, amountMinor: taken });
    }
  }
  return { ...mergeAllocations(money, namedOnly), creditAllocations };
}

/** A received payment; its lines say which invoices it settles and how much of each (one payment can settle several). */
export const paymentMapping: ObjectMapping<'payment'> = {
  provider: 'quickbooks',
  objectType: 'Payment',
  kind: 'payment',
  map(raw, context) {
    const payment = asQuickBooksEntity(raw, 'Payment');
    const currency = currencyOf(payment, context);
    return {
      amountMinor: toMinorUnits((payment.TotalAmt as number | undefined) ?? 0, currency),
      currency,
      paidAt: (payment.TxnDate as string | undefined) ?? new Date(0).toISOString().slice(0, 10),
      refundedMinor: 0,
      method: (payment.PaymentMethodRef as { name?: string } | undefined)?.name ?? null,
      customerExternalId: refValue(payment.CustomerRef),
      ...splitQuickBooksPayment((payment.Line as PaymentLine[] | undefined) ?? [], currency),
    };
  },
};
