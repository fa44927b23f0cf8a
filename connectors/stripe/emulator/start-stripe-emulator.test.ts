import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { looksLikePdf } from '../../emulator-support/render-pdf.js';
import { StripeEmulatorStore } from './stripe-emulator-store.js';
import { startStripeEmulator, type StripeEmulator } from './start-stripe-emulator.js';
import type { StripeDemoSeed } from './seed-stripe-demo.js';

describe('Stripe emulator driven by the stripe SDK', () => {
  let emulator: StripeEmulator;
  let seed: StripeDemoSeed;
  let stripe: Stripe;
  beforeEach(async () => {
    const store = new StripeEmulatorStore();
    seed = store.seedDemo();
    emulator = await startStripeEmulator({ store });
    stripe = new Stripe('sk_test_emulator', { ...emulator.sdkOptions, maxNetworkRetries: 0 });
  });
  afterEach(() => emulator.close());

  it('pages lists newest first with limit/starting_after/has_more, and filters created[gte]', async () => {
    const first = await stripe.invoices.list({ limit: 4 });
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/invoices' });
    expect(first.data).toHaveLength(4);
    const created = first.data.map((invoice) => invoice.created);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const all = await stripe.invoices.list({ limit: 4 }).autoPagingToArray({ limit: 100 });
    expect(all).toHaveLength(9);
    expect(new Set(all.map((invoice) => invoice.id)).size).toBe(9);
    expect(emulator.requests.filter((r) => r.path === '/invoices').map((r) => r.query.starting_after)).toEqual([undefined, undefined, all[3]!.id, all[7]!.id]);
    const since = Math.floor(Date.now() / 1000) - 15 * 86_400;
    const recent = await stripe.invoices.list({ created: { gte: since }, limit: 100 });
    expect(recent.data.every((invoice) => invoice.created >= since)).toBe(true);
    expect(recent.data.map((invoice) => invoice.id).sort()).toEqual([seed.invoiceIds.open, seed.invoiceIds.draft, seed.invoiceIds.credited].sort());
    const customers = await stripe.customers.list({ email: 'wile.coyote@acme-robotics.example' });
    expect(customers.data).toEqual([expect.objectContaining({ id: seed.customerIds['Acme Robotics'], name: 'Acme Robotics', metadata: { domain: 'acme-robotics.example' } })]);
  });

  it('answers invoices in the 2026-10-28 shape: payments list instead of paid/payment_intent/charge, subscription under parent', async () => {
    const invoices = await stripe.invoices.list({ customer: seed.customerIds['Northwind Traders'], expand: ['data.payments'], limit: 10 });
    const paidA = invoices.data.find((invoice) => invoice.id === seed.invoiceIds.paidA)!;
    expect(paidA).not.toHaveProperty('paid');
    expect(paidA).not.toHaveProperty('payment_intent');
    expect(paidA).not.toHaveProperty('charge');
    expect(paidA).toMatchObject({ status: 'paid', amount_due: 960_000, amount_paid: 960_000, amount_remaining: 0, currency: 'usd', collection_method: 'send_invoice', parent: null, number: expect.stringMatching(/^[0-9A-F]{7}-0001$/) });
    expect(paidA.payments!.data).toEqual([expect.objectContaining({ object: 'invoice_payment', amount_paid: 960_000, status: 'paid', payment: { type: 'payment_intent', payment_intent: seed.sharedPaymentIntentId } })]);
    const paidB = invoices.data.find((invoice) => invoice.id === seed.invoiceIds.paidB)!;
    expect(paidB.payments!.data[0]!.payment.payment_intent).toBe(seed.sharedPaymentIntentId);
    const partial = invoices.data.find((invoice) => invoice.id === seed.invoiceIds.partial)!;
    expect(partial).toMatchObject({ status: 'open', amount_paid: 60_000, amount_remaining: 50_000 });
    // Without expand, payments are not included.
    expect(await stripe.invoices.retrieve(seed.invoiceIds.open!)).not.toHaveProperty('payments');

    const retainer = await stripe.invoices.retrieve(seed.invoiceIds.subscriptionPaid!, { expand: ['payments.data.payment.payment_intent', 'customer'] });
    expect(retainer.parent).toEqual({ type: 'subscription_details', quote_details: null, subscription_details: { metadata: {}, subscription: 'sub_1EmuGlobexRetainer01' } });
    expect(retainer.lines.data[0]!.parent).toMatchObject({ type: 'subscription_item_details', subscription_item_details: { subscription: 'sub_1EmuGlobexRetainer01' } });
    expect(retainer.customer).toMatchObject({ object: 'customer', name: 'Globex Consulting' });
    const intent = retainer.payments!.data[0]!.payment.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount_received: 900_000 });
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ amount: 900_000, amount_refunded: 50_000, refunded: false, payment_intent: intent.id });
    expect((await stripe.refunds.list({ charge: charge.id })).data).toEqual([expect.objectContaining({ id: seed.refundId, amount: 50_000, reason: 'requested_by_customer', status: 'succeeded' })]);

    const credited = await stripe.invoices.retrieve(seed.invoiceIds.credited!);
    expect(credited).toMatchObject({ total: 900_000, amount_due: 825_000, amount_remaining: 825_000, pre_payment_credit_notes_amount: 75_000 });
    expect((await stripe.creditNotes.list({ invoice: credited.id })).data[0]).toMatchObject({ id: seed.creditNoteId, amount: 75_000, type: 'pre_payment', status: 'issued' });
    const overdue = await stripe.invoices.retrieve(seed.invoiceIds.overdue!);
    expect(overdue.status).toBe('open');
    expect(overdue.due_date!).toBeLessThan(Date.now() / 1000);
    expect((await stripe.invoices.retrieve(seed.invoiceIds.void!)).status).toBe('void');
    expect(await stripe.invoices.retrieve(seed.invoiceIds.draft!)).toMatchObject({ status: 'draft', number: null, hosted_invoice_url: null, invoice_pdf: null });
  });

  it('serves the hosted invoice page and the PDF the invoice links to', async () => {
    const invoice = await stripe.invoices.retrieve(seed.invoiceIds.open!);
    expect(invoice.hosted_invoice_url).toMatch(new RegExp(`^${emulator.url}/i/acct_`));
    const page = await fetch(invoice.hosted_invoice_url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Design and build, milestone 1');
    const pdf = await fetch(invoice.invoice_pdf!);
    expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(looksLikePdf(Buffer.from(await pdf.arrayBuffer()))).toBe(true);
    expect((await fetch(`${emulator.url}/i/${emulator.store.accountId}/test_bm9wZQ`)).status).toBe(404);
  });

  it('lists events by created[gte] and types[], with objects as they were and previous_attributes', async () => {
    const since = Math.floor(Date.now() / 1000) - 20 * 86_400;
    const events = await stripe.events.list({ created: { gte: since }, types: ['invoice.paid', 'invoice.voided'], limit: 100 });
    expect(emulator.requests.at(-1)!.query).toMatchObject({ types: ['invoice.paid', 'invoice.voided'], created: { gte: String(since) } });
    expect(events.data.map((event) => [event.type, (event.data.object as Stripe.Invoice).id])).toEqual([
      ['invoice.paid', seed.invoiceIds.paidB],
      ['invoice.paid', seed.invoiceIds.paidA],
    ]);
    const paid = events.data[1]!;
    expect(paid).toMatchObject({ object: 'event', api_version: '2026-10-28.endive', data: { object: { status: 'paid' }, previous_attributes: { status: 'open', amount_paid: 0, amount_remaining: 960_000 } } });
    // Older than 30 days: Stripe no longer lists it.
    const all = await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
    expect(Math.min(...all.map((event) => event.created))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 30 * 86_400 - 2);
    expect(all.some((event) => event.type === 'customer.created')).toBe(false);
    expect(all.some((event) => event.type === 'charge.refunded')).toBe(true);
  });

  it('finalizes, pays, voids and refunds through the API, recording events', async () => {
    const finalized = await stripe.invoices.finalizeInvoice(seed.invoiceIds.draft!);
    expect(finalized).toMatchObject({ status: 'open', number: expect.stringMatching(/-0003$/) });
    const paid = await stripe.invoices.pay(finalized.id, { expand: ['payments'] });
    expect(paid).toMatchObject({ status: 'paid', amount_remaining: 0 });
    const intentId = paid.payments!.data[0]!.payment.payment_intent as string;
    const refund = await stripe.refunds.create({ payment_intent: intentId, amount: 1000 });
    expect(refund).toMatchObject({ object: 'refund', amount: 1000, payment_intent: intentId });
    const voided = await stripe.invoices.voidInvoice(seed.invoiceIds.open!);
    expect(voided.status).toBe('void');
    const types = (await stripe.events.list({ created: { gte: Math.floor(Date.now() / 1000) - 5 }, limit: 100 })).data.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['invoice.finalized', 'invoice.paid', 'payment_intent.succeeded', 'charge.succeeded', 'refund.created', 'charge.refunded', 'invoice.voided']));
    const again = await stripe.invoices.voidInvoice(seed.invoiceIds.open!).catch((error: unknown) => error);
    expect(again).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400 });
    const created = await stripe.customers.create({ name: 'Initech', email: 'peter@initech.example', metadata: { domain: 'initech.example' } });
    expect(created).toMatchObject({ object: 'customer', name: 'Initech', metadata: { domain: 'initech.example' } });
    await stripe.customers.del(created.id);
    expect(await stripe.customers.retrieve(created.id)).toEqual({ id: created.id, object: 'customer', deleted: true });
  });

  it('answers Stripe errors: 404 resource_missing, 401 bad key, 429 rate_limit, and the pre-basil shape for older versions', async () => {
    const missing = await stripe.invoices.retrieve('in_doesnotexist').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id', message: "No such invoice: 'in_doesnotexist'", requestId: expect.stringMatching(/^req_/) });
    const wrongKey = await new Stripe('sk_live_nope', { ...emulator.sdkOptions, maxNetworkRetries: 0 }).customers.list().catch((error: unknown) => error);
    expect(wrongKey).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    emulator.throttleNext();
    const limited = await stripe.customers.list().catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    const badLimit = await stripe.customers.list({ limit: 500 }).catch((error: unknown) => error);
    expect(badLimit).toMatchObject({ statusCode: 400, param: 'limit' });

    const legacy = new Stripe('sk_test_emulator', { ...emulator.sdkOptions, apiVersion: '2024-06-20' as Stripe.LatestApiVersion, maxNetworkRetries: 0 });
    const old = (await legacy.invoices.retrieve(seed.invoiceIds.paidA!)) as unknown as Record<string, unknown>;
    expect(old).toMatchObject({ paid: true, payment_intent: seed.sharedPaymentIntentId, charge: expect.stringMatching(/^ch_/), subscription: null });
  });
});
