import { type ObjectMapping, toMinorUnits, mergeAllocations } from '../../src/connector-kit/index.js';
import { asXeroObject, xeroDay } from '../../connectors/xero/xero-values.js';

/**
 * A Xero payment applies to one invoice, all of its Amount (a batch payment shows up as one
 * payment per invoice, each with its own amount, so batches need nothing more).
 */
export const paymentMapping: ObjectMapping<'payment'> = {
  provider: 'xero',
  objectType: 'Payment',
  kind: 'payment',
  map(raw, context) {
    const payment = asXeroObject(raw, 'paymentID', 'payment');
    const invoice = payment.invoice as { invoiceID?: string; currencyCode?: string; contact?: { contactID?: string } } | undefined;
    const currency = String(invoice?.currencyCode ?? context.config.defaultCurrency).toUpperCase();
    const amountMinor = toMinorUnits((payment.amount as number | undefined) ?? 0, currency);
    return {
      amountMinor,
      currency,
      paidAt: xeroDay(payment.date) ?? '1970-01-01',
      refundedMinor: 0,
      method: (payment.paymentType as string | undefined) ?? null,
      customerExternalId: invoice?.contact?.contactID ?? null,
      ...mergeAllocations(invoice?.invoiceID ? [{ invoiceExternalId: invoice.invoiceID, amountMinor }] : []),
    };
  },
};
