import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { mapStripeInvoice } from './invoice.js';
import { mapStripePaymentIntent } from './payment-intent.js';
import { customerMapping } from './customer.js';
import { stripeMinor } from '../../connectors/stripe/stripe-values.js';
import { currentInvoice, openInvoice, sample, succeededIntent } from '../../connectors/stripe/testing/stripe-payloads.js';

const context = { config: loadConfig({ CLIENTHUB_SECRET_KEY: 'x'.repeat(40) }, '/tmp'), metadata: { get: () => undefined, set: () => {} } };
const TODAY = '2026-11-23';
const at = (day: string) => Date.parse(`${day}T12:00:00Z`) / 1000;

describe('Stripe amounts', () => {
  it('keeps Stripe minor units where they are ISO minor units and rescales where Stripe sends two decimals for a zero-decimal currency', () => {
    expect(stripeMinor(1099, 'USD')).toBe(1099);
    expect(stripeMinor(500, 'JPY')).toBe(500);
    expect(stripeMinor(5120, 'KWD')).toBe(5120);
    expect(stripeMinor(10000, 'ISK')).toBe(100); // Stripe: ISK 100 = 1 króna
    expect(stripeMinor(123456, 'HUF')).toBe(1235);
    expect(stripeMinor('1050.5', 'USD')).toBe(1051);
    expect(stripeMinor('-250', 'EUR')).toBe(-250);
    expect(() => stripeMinor('12,5', 'USD')).toThrow(/Not a Stripe amount/);
  });
});

describe('Stripe invoice mapping', () => {
  const invoice = (overrides: Record<string, unknown>) => ({ ...openInvoice('in_1'), due_date: at('2026-12-01'), ...overrides });

  it('open, partially paid, overdue by due date, paid, void, and uncollectible (still owed: overdue)', () => {
    expect(mapStripeInvoice(invoice({}), context, TODAY).status).toBe('open');
    expect(mapStripeInvoice(invoice({ amount_paid: 400, amount_remaining: 600 }), context, TODAY)).toMatchObject({ status: 'partially_paid', amountDueMinor: 600 });
    expect(mapStripeInvoice(invoice({ due_date: at('2026-11-20') }), context, TODAY)).toMatchObject({ status: 'overdue', dueDate: '2026-11-20' });
    expect(mapStripeInvoice(invoice({ status: 'paid', amount_paid: 1000, amount_remaining: 0 }), context, TODAY)).toMatchObject({ status: 'paid', payUrl: null });
    expect(mapStripeInvoice(invoice({ status: 'void' }), context, TODAY)).toMatchObject({ status: 'void', amountDueMinor: 0, payUrl: null });
    const uncollectible = mapStripeInvoice(invoice({ status: 'uncollectible' }), context, TODAY);
    expect(uncollectible).toMatchObject({ status: 'overdue', amountDueMinor: 1000 });
    expect(uncollectible.payUrl).toMatch(/^https:\/\/invoice\.stripe\.test\//);
    expect(mapStripeInvoice(currentInvoice('in_draft'), context, TODAY)).toMatchObject({ status: 'draft', payUrl: null, pdfAvailable: false });
  });

  it('sums inclusive and exclusive taxes from total_taxes; reads the older tax field; upper-cases and rescales the currency', () => {
    const taxes = [{ amount: 150, tax_behavior: 'exclusive' }, { amount: 50, tax_behavior: 'inclusive' }];
    expect(mapStripeInvoice(invoice({ total_taxes: taxes }), context, TODAY).taxMinor).toBe(200);
    const old = sample('invoice.json');
    expect(mapStripeInvoice({ ...old, tax: 90 }, context, TODAY).taxMinor).toBe(90);
    expect(mapStripeInvoice({ ...old, tax: null, total_tax_amounts: [{ amount: 40 }] }, context, TODAY).taxMinor).toBe(40);
    expect(mapStripeInvoice(invoice({ currency: 'isk', subtotal: 990000, total: 990000, amount_due: 990000, amount_remaining: 990000, lines: { data: [] } }), context, TODAY)).toMatchObject({ currency: 'ISK', totalMinor: 9900, amountDueMinor: 9900 });
  });

  it('refuses what is not an invoice', () => {
    expect(() => mapStripeInvoice({ object: 'customer', id: 'cus_1' }, context, TODAY)).toThrow(/Not a Stripe invoice/);
  });
});

describe('Stripe PaymentIntent mapping', () => {
  it('reads refunds from the expanded latest charge and invoices from invoice payments', () => {
    const intent = { ...succeededIntent(300), invoice_payments: [{ object: 'invoice_payment', invoice: 'in_1', status: 'paid', status_transitions: { paid_at: 1679493300 } }, { object: 'invoice_payment', invoice: 'in_2', status: 'canceled', status_transitions: { paid_at: null } }] };
    expect(mapStripePaymentIntent(intent)).toMatchObject({ amountMinor: 1099, refundedMinor: 300, invoiceExternalIds: ['in_1'], method: 'card', paidAt: '2023-03-22T13:55:00.000Z' });
  });

  it('tolerates the older shape: an invoice id on the intent, charges listed, latest_charge as an id', () => {
    const old = (sample('event_payment_intent.created.json').data as { object: Record<string, unknown> }).object;
    const mapped = mapStripePaymentIntent({ ...old, invoice: 'in_old', charges: { object: 'list', data: [{ id: 'ch_1', amount_refunded: 99 }] } });
    expect(mapped).toMatchObject({ amountMinor: 1099, currency: 'USD', refundedMinor: 99, invoiceExternalIds: ['in_old'], method: 'card', customerExternalId: null, paidAt: '2023-03-22T13:53:51.000Z' });
  });
});

describe('Stripe customer mapping', () => {
  it('names the company from name, else business or individual name, else billing email, else the id', () => {
    const base = sample('customer.json');
    expect(customerMapping.map({ ...base, name: 'Acme' }, context).name).toBe('Acme');
    expect(customerMapping.map({ ...base, business_name: 'Acme Holdings' }, context).name).toBe('Acme Holdings');
    expect(customerMapping.map({ ...base, email: 'ap@acme.test' }, context).name).toBe('ap@acme.test');
    expect(customerMapping.map(base, context)).toEqual({ name: 'Stripe customer cus_NZbFQAsc0ptasX', domain: null, phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [], taxNumber: null, billingAddress: null });
  });
});
