import type { ObjectMapping } from '../../connectors/connector.js';
import { toMinorUnits } from '../../src/model/money.js';
import { asQuickBooksEntity, currencyOf, refValue } from './quickbooks-entity.js';

interface PaymentLine {
  Amount?: number;
  LinkedTxn?: { TxnId?: string; TxnType?: string }[];
}

/** A received payment; its lines say which invoices it settles (one payment can settle several). */
export const paymentMapping: ObjectMapping<'payment'> = {
  provider: 'quickbooks',
  objectType: 'Payment',
  kind: 'payment',
  map(raw, context) {
    const payment = asQuickBooksEntity(raw, 'Payment');
    const currency = currencyOf(payment, context);
    const invoices = ((payment.Line as PaymentLine[] | undefined) ?? [])
      .flatMap((line) => line.LinkedTxn ?? [])
      .filter((txn) => txn.TxnType === 'Invoice' && txn.TxnId)
      .map((txn) => String(txn.TxnId));
    return {
      amountMinor: toMinorUnits((payment.TotalAmt as number | undefined) ?? 0, currency),
      currency,
      paidAt: (payment.TxnDate as string | undefined) ?? new Date(0).toISOString().slice(0, 10),
      refundedMinor: 0,
      method: (payment.PaymentMethodRef as { name?: string } | undefined)?.name ?? null,
      customerExternalId: refValue(payment.CustomerRef),
      invoiceExternalIds: [...new Set(invoices)],
    };
  },
};
