import { describe, expect, it } from 'vitest';
import { QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';
import { mapQuickBooksInvoice } from '../../../mappings/quickbooks/invoice.js';
import { paymentMapping } from '../../../mappings/quickbooks/payment.js';
import { loadConfig } from '../../../src/config/load-config.js';

const NOW = Date.parse('2026-11-20T17:30:00Z');
const context = { metadata: { get: () => undefined, set: () => {} }, config: loadConfig({}) };

describe('QuickBooks emulator store', () => {
  it('seeds the CRM’s clients with every invoice state, a payment settling two invoices and an applied credit memo', () => {
    const store = new QuickBooksEmulatorStore({ now: () => NOW });
    const seed = store.seedDemo();
    expect([...store.entities.Customer.values()].map((c) => [c.DisplayName, (c.PrimaryEmailAddr as { Address: string }).Address])).toEqual([
      ['Northwind Traders', 'nancy.davolio@northwind.example'],
      ['Acme Robotics', 'wile.coyote@acme-robotics.example'],
      ['Globex Consulting', 'hank.scorpio@globex.example'],
    ]);
    const today = store.date(NOW);
    const status = (doc: string) => mapQuickBooksInvoice(store.get('Invoice', seed.invoiceIds[doc]!), context, today).status;
    expect(Object.fromEntries(Object.keys(seed.invoiceIds).map((doc) => [doc, status(doc)]))).toEqual({
      '1001': 'paid',
      '1002': 'paid',
      '1003': 'open',
      '1004': 'partially_paid',
      '1005': 'overdue',
      '1006': 'void',
      '1007': 'open',
      '1008': 'paid',
      '1009': 'partially_paid',
    });
    // 1004 carries 8.75 % tax on 1 100.00; 600.00 of it was paid.
    expect(store.get('Invoice', seed.invoiceIds['1004']!)).toMatchObject({ TotalAmt: 1196.25, Balance: 596.25, TxnTaxDetail: { TotalTax: 96.25 } });
    const settling = paymentMapping.map(store.get('Payment', seed.paymentIds.settlingTwo), context);
    expect(settling).toMatchObject({ amountMinor: 1_200_000, currency: 'USD', method: 'Check', invoiceExternalIds: [seed.invoiceIds['1001'], seed.invoiceIds['1002']] });
    // One Payment, two lines: each line's Amount is that invoice's share.
    expect(settling.allocations).toEqual([{ invoiceExternalId: seed.invoiceIds['1001'], amountMinor: 960_000 }, { invoiceExternalId: seed.invoiceIds['1002'], amountMinor: 240_000 }]);
    // The credit memo applied through a zero payment: no money for 1009, its 750.00 is credit.
    expect(paymentMapping.map(store.get('Payment', seed.paymentIds.credit), context)).toMatchObject({
      amountMinor: 0,
      allocations: [{ invoiceExternalId: seed.invoiceIds['1009'], amountMinor: 0 }],
      creditAllocations: [{ creditNoteExternalId: seed.creditMemoId, invoiceExternalId: seed.invoiceIds['1009'], amountMinor: 75_000 }],
    });
    expect(store.get('CreditMemo', seed.creditMemoId)).toMatchObject({ TotalAmt: 750, RemainingCredit: 0 });
    expect(store.get('Invoice', seed.invoiceIds['1009']!)).toMatchObject({ Balance: 8250, LinkedTxn: [{ TxnId: seed.paymentIds.credit, TxnType: 'Payment' }] });
    expect(store.get('Customer', seed.customerIds['Globex Consulting']!)).toMatchObject({ Balance: 8250 });
    expect(store.get('Invoice', seed.deletedInvoiceId)).toBeUndefined();
  });

  it('bumps SyncToken and LastUpdatedTime on every change, and CDC lists changes with deletions last', () => {
    let now = NOW;
    const store = new QuickBooksEmulatorStore({ now: () => now });
    const customer = store.createCustomer({ displayName: 'Initech' });
    const first = store.createInvoice({ customerId: customer.Id, lines: [{ description: 'Audit', unitPrice: 500 }] });
    const second = store.createInvoice({ customerId: customer.Id, lines: [{ description: 'Fixes', unitPrice: 250 }] });
    now += 60_000;
    const payment = store.payInvoice(first.Id);
    expect(first).toMatchObject({ SyncToken: '1', Balance: 0, MetaData: { LastUpdatedTime: store.time(now) } });
    now += 60_000;
    store.deletePayment(payment.Id);
    expect(first).toMatchObject({ SyncToken: '2', Balance: 500, LinkedTxn: [] });
    store.deleteInvoice(second.Id);
    const changed = store.changedSince(['Invoice', 'Payment'], NOW + 30_000);
    expect(changed.get('Invoice')).toEqual([first, { domain: 'QBO', status: 'Deleted', Id: second.Id, MetaData: { LastUpdatedTime: store.time(now) } }]);
    expect(changed.get('Payment')).toEqual([{ domain: 'QBO', status: 'Deleted', Id: payment.Id, MetaData: { LastUpdatedTime: store.time(now) } }]);
    // The cap counts across entities, as Intuit's 1 000-object cap does.
    expect(store.changedSince(['Invoice', 'Payment'], NOW - 1, 2).get('Payment')).toEqual([]);
    expect(() => store.payInvoice([{ invoiceId: first.Id, amount: 900 }])).toThrow(/cannot apply/);
  });
});
