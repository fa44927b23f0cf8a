/**
 * Each provider's own per-invoice split of a payment or credit, as the mappings read it: QuickBooks
 * payment lines (money and credit memos), Xero payments and credit-note allocations, Stripe invoice
 * payments. Amounts are minor units in the currency's exponent (JPY 0, USD 2, KWD 3).
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { paymentSchema, creditNoteSchema } from '../model/unified-model.js';
import { paymentMapping as quickBooksPayment } from '../../mappings/quickbooks/payment.js';
import { creditMemoMapping } from '../../mappings/quickbooks/credit-memo.js';
import { paymentMapping as xeroPayment } from '../../mappings/xero/payment.js';
import { creditNoteMapping } from '../../mappings/xero/credit-note.js';
import { mapStripePaymentIntent } from '../../mappings/stripe/payment-intent.js';
import { succeededIntent } from '../../connectors/stripe/testing/stripe-payloads.js';

const context = { config: loadConfig({ CLIENTHUB_SECRET_KEY: 'x'.repeat(40) }, '/tmp'), metadata: { get: () => undefined, set: () => {} } };
const qboPayment = (fields: Record<string, unknown>) => ({ Id: '190', TxnDate: '2026-11-20', CustomerRef: { value: '58' }, MetaData: { LastUpdatedTime: '2026-11-20T10:00:00-08:00' }, ...fields });
const line = (amount: number | string, txnId: string, txnType = 'Invoice') => ({ Amount: amount, LinkedTxn: [{ TxnId: txnId, TxnType: txnType }] });

describe('QuickBooks payment allocations', () => {
  it('keeps each line\'s applied amount: $1,730.00 over three invoices partly paid', () => {
    const mapped = paymentSchema.parse(quickBooksPayment.map(qboPayment({ TotalAmt: 1730, Line: [line(1000, '201'), line(480, '202'), line('250.00', '203')] }), context));
    expect(mapped).toMatchObject({
      amountMinor: 173_000,
      invoiceExternalIds: ['201', '202', '203'],
      allocations: [
        { invoiceExternalId: '201', amountMinor: 100_000 },
        { invoiceExternalId: '202', amountMinor: 48_000 },
        { invoiceExternalId: '203', amountMinor: 25_000 },
      ],
      creditAllocations: [],
    });
  });

  it('uses the currency\'s exponent (yen have no minor unit, dinar three)', () => {
    const yen = quickBooksPayment.map(qboPayment({ CurrencyRef: { value: 'JPY' }, TotalAmt: 125000, Line: [line(100000, '1'), line(25000, '2')] }), context);
    expect(yen.allocations).toEqual([{ invoiceExternalId: '1', amountMinor: 100_000 }, { invoiceExternalId: '2', amountMinor: 25_000 }]);
    const dinar = quickBooksPayment.map(qboPayment({ CurrencyRef: { value: 'KWD' }, TotalAmt: 12.345, Line: [line(12.345, '1')] }), context);
    expect(dinar.allocations).toEqual([{ invoiceExternalId: '1', amountMinor: 12_345 }]);
  });

  it('takes a credit memo line off the invoices, so the money shares add up to TotalAmt, and says which invoice the credit went to', () => {
    // Invoice 301 ($1,000) and 302 ($500) settled by $1,200 of money and $300 of credit memo 150.
    const mapped = paymentSchema.parse(quickBooksPayment.map(qboPayment({ TotalAmt: 1200, Line: [line(1000, '301'), line(500, '302'), line(300, '150', 'CreditMemo')] }), context));
    expect(mapped.allocations).toEqual([{ invoiceExternalId: '301', amountMinor: 70_000 }, { invoiceExternalId: '302', amountMinor: 50_000 }]);
    expect(mapped.allocations.reduce((sum, a) => sum + a.amountMinor, 0)).toBe(mapped.amountMinor);
    expect(mapped.creditAllocations).toEqual([{ creditNoteExternalId: '150', invoiceExternalId: '301', amountMinor: 30_000 }]);
    // A credit memo applied alone: a zero payment, all of the invoice's share is credit.
    const creditOnly = quickBooksPayment.map(qboPayment({ TotalAmt: 0, Line: [line(750, '139'), line(750, '138', 'CreditMemo')] }), context);
    expect(creditOnly).toMatchObject({ amountMinor: 0, invoiceExternalIds: ['139'], allocations: [{ invoiceExternalId: '139', amountMinor: 0 }], creditAllocations: [{ creditNoteExternalId: '138', invoiceExternalId: '139', amountMinor: 75_000 }] });
  });

  it('adds two lines against one invoice, and names without an amount the invoices of a line that links several', () => {
    const mapped = quickBooksPayment.map(qboPayment({ TotalAmt: 300, Line: [line(100, '1'), line(50, '1'), { Amount: 150, LinkedTxn: [{ TxnId: '2', TxnType: 'Invoice' }, { TxnId: '3', TxnType: 'Invoice' }] }] }), context);
    expect(mapped).toMatchObject({ invoiceExternalIds: ['1', '2', '3'], allocations: [{ invoiceExternalId: '1', amountMinor: 15_000 }] });
  });

  it('leaves allocations to the payment that applies a credit memo (the memo does not list them)', () => {
    const memo = creditNoteSchema.parse(creditMemoMapping.map({ Id: '138', TotalAmt: 750, RemainingCredit: 0, Line: [], CustomerRef: { value: '58' } }, context));
    expect(memo).toMatchObject({ status: 'applied', allocations: [], invoiceExternalIds: [] });
  });
});

describe('Xero allocations', () => {
  it('a payment is all for its one invoice; a batch payment arrives as one such payment per invoice', () => {
    const mapped = xeroPayment.map({ paymentID: 'p-1', amount: 480, date: '2026-11-20', invoice: { invoiceID: 'inv-2', currencyCode: 'USD', contact: { contactID: 'c-1' } }, batchPaymentID: 'b-1' }, context);
    expect(mapped).toMatchObject({ amountMinor: 48_000, invoiceExternalIds: ['inv-2'], allocations: [{ invoiceExternalId: 'inv-2', amountMinor: 48_000 }] });
  });

  it('a credit note allocated across two invoices keeps each amount, and a deleted allocation no longer counts', () => {
    const note = creditNoteSchema.parse(
      creditNoteMapping.map(
        {
          creditNoteID: 'cn-1', creditNoteNumber: 'CN-0002', status: 'PAID', currencyCode: 'JPY', total: 75000, remainingCredit: 0, contact: { contactID: 'c-1' },
          allocations: [
            { amount: 50000, invoice: { invoiceID: 'inv-10' } },
            { amount: 25000, invoice: { invoiceID: 'inv-11' } },
            { amount: 10000, invoice: { invoiceID: 'inv-12' }, isDeleted: true },
          ],
          lineItems: [],
        },
        context,
      ),
    );
    expect(note).toMatchObject({
      status: 'applied',
      totalMinor: 75_000,
      invoiceExternalIds: ['inv-10', 'inv-11'],
      allocations: [{ invoiceExternalId: 'inv-10', amountMinor: 50_000 }, { invoiceExternalId: 'inv-11', amountMinor: 25_000 }],
    });
  });
});

describe('Stripe invoice payments', () => {
  const invoicePayment = (invoice: string, amountPaid: number | null, status = 'paid') => ({ object: 'invoice_payment', id: `inpay_${invoice}`, invoice, amount_paid: amountPaid, amount_requested: amountPaid ?? 500, status, status_transitions: { paid_at: status === 'paid' ? 1679493300 : null } });

  it('one PaymentIntent paying two invoices: each invoice payment\'s amount_paid', () => {
    const intent = succeededIntent(0, { amount_received: 173_000, currency: 'usd', invoice_payments: [invoicePayment('in_a', 125_000), invoicePayment('in_b', 48_000), invoicePayment('in_c', null, 'canceled'), invoicePayment('in_d', null, 'open')] });
    expect(mapStripePaymentIntent(intent)).toMatchObject({ invoiceExternalIds: ['in_a', 'in_b', 'in_d'], allocations: [{ invoiceExternalId: 'in_a', amountMinor: 125_000 }, { invoiceExternalId: 'in_b', amountMinor: 48_000 }] });
  });

  it('rescales where Stripe counts a zero-decimal currency in hundredths (ISK), and an older API\'s intent.invoice takes the amount received', () => {
    const krona = succeededIntent(0, { amount_received: 1_000_000, currency: 'isk', invoice_payments: [invoicePayment('in_isk', 1_000_000)] });
    expect(mapStripePaymentIntent(krona).allocations).toEqual([{ invoiceExternalId: 'in_isk', amountMinor: 10_000 }]);
    const legacy = succeededIntent(0, { amount_received: 1099, invoice: 'in_old' });
    expect(mapStripePaymentIntent(legacy)).toMatchObject({ invoiceExternalIds: ['in_old'], allocations: [{ invoiceExternalId: 'in_old', amountMinor: 1099 }] });
  });
});
