/**
 * Stripe payloads for tests: the public fixtures in samples/ (older API shapes), and current
 * (2026-10-28.endive) shapes derived from them as Stripe's API reference and the SDK types
 * describe: invoices lost paid/payment_intent/charge/subscription and gained parent, total_taxes,
 * payments; lines carry pricing instead of price; PaymentIntents lost `invoice`.
 */
import { readFileSync } from 'node:fs';

type Raw = Record<string, unknown>;

export function sample(name: string): Raw {
  return JSON.parse(readFileSync(new URL(`./samples/${name}`, import.meta.url), 'utf8')) as Raw;
}

export const DAY = 24 * 3600;

export function customer(id: string, overrides: Raw = {}): Raw {
  return { ...sample('customer.json'), id, ...overrides };
}

/** The sample invoice re-shaped to the current API: draft unless overridden. */
export function currentInvoice(id: string, overrides: Raw = {}): Raw {
  const old = sample('invoice.json');
  const { paid: _paid, payment_intent: _pi, charge: _charge, subscription: _subscription, tax: _tax, total_tax_amounts: _tta, discount: _discount, ...rest } = old;
  const oldLine = ((old.lines as { data: Raw[] }).data[0] ?? {}) as Raw;
  const { price: _price, tax_amounts: _ta, tax_rates: _tr, type: _type, proration: _p, proration_details: _pd, invoice_item: _ii, subscription: _sub, unit_amount_excluding_tax: _u, amount_excluding_tax: _a, ...lineRest } = oldLine;
  const line = {
    ...lineRest,
    invoice: id,
    parent: { type: 'invoice_item_details', invoice_item_details: { invoice_item: 'ii_1MoqxDLgUG5tbmjcL5fY86ph', proration: false, proration_details: { credited_items: null }, subscription: null }, subscription_item_details: null },
    pricing: { type: 'price_details', price_details: { price: 'price_1MoS36LgUG5tbmjch8DFzJe3', product: 'prod_NZbFOV0OmNHxwl' }, unit_amount_decimal: '1000' },
    quantity: 1,
    quantity_decimal: '1',
    subtotal: 1000,
    taxes: [],
    pretax_credit_amounts: [],
  };
  return {
    ...rest,
    id,
    amount_overpaid: 0,
    automatically_finalizes_at: null,
    effective_at: null,
    issuer: { type: 'self' },
    parent: null,
    total_taxes: [],
    total_pretax_credit_amounts: [],
    lines: { object: 'list', data: [line], has_more: false, total_count: 1, url: `/v1/invoices/${id}/lines` },
    payments: { object: 'list', data: [], has_more: false, url: '/v1/invoice_payments' },
    ...overrides,
  };
}

/** A finalized, open invoice of `total` cents with `tax` on top, due in `dueInDays`. */
export function openInvoice(id: string, options: { customer?: string; total?: number; tax?: number; dueInDays?: number; number?: string } = {}): Raw {
  const now = Math.floor(Date.now() / 1000);
  const tax = options.tax ?? 0;
  const total = options.total ?? 1000;
  return currentInvoice(id, {
    customer: options.customer ?? 'cus_NZbFQAsc0ptasX',
    status: 'open',
    number: options.number ?? '48E15F3-0001',
    subtotal: total - tax,
    subtotal_excluding_tax: total - tax,
    total,
    total_excluding_tax: total - tax,
    total_taxes: tax ? [{ amount: tax, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: 'txr_1' }, taxability_reason: 'standard_rated', taxable_amount: total - tax, type: 'tax_rate_details' }] : [],
    amount_due: total,
    amount_paid: 0,
    amount_remaining: total,
    due_date: now + (options.dueInDays ?? 14) * DAY,
    effective_at: now - DAY,
    status_transitions: { finalized_at: now - DAY, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    hosted_invoice_url: `https://invoice.stripe.test/i/acct_1/test_${id}`,
    invoice_pdf: `https://pay.stripe.test/invoice/acct_1/test_${id}/pdf`,
  });
}

export function invoicePayment(invoiceId: string, paymentIntentId: string, amount: number, paidAt: number | null): Raw {
  return {
    id: `inpay_${invoiceId.slice(3)}`,
    object: 'invoice_payment',
    amount_paid: paidAt ? amount : null,
    amount_requested: amount,
    created: (paidAt ?? Math.floor(Date.now() / 1000)) - 60,
    currency: 'usd',
    invoice: invoiceId,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: paymentIntentId },
    status: paidAt ? 'paid' : 'open',
    status_transitions: { canceled_at: null, paid_at: paidAt },
  };
}

/** The open invoice after it was paid by `paymentIntentId`. */
export function paidInvoice(id: string, paymentIntentId: string, options: { total?: number; customer?: string } = {}): Raw {
  const open = openInvoice(id, options);
  const paidAt = Math.floor(Date.now() / 1000) - 600;
  return {
    ...open,
    status: 'paid',
    amount_paid: open.amount_due,
    amount_remaining: 0,
    attempted: true,
    attempt_count: 1,
    status_transitions: { ...(open.status_transitions as Raw), paid_at: paidAt },
    payments: { object: 'list', data: [invoicePayment(id, paymentIntentId, open.amount_due as number, paidAt)], has_more: false, url: '/v1/invoice_payments' },
  };
}

/** A succeeded card charge, as `latest_charge` expands to. */
export function charge(id: string, paymentIntentId: string, amount: number, refunded = 0): Raw {
  return {
    id,
    object: 'charge',
    amount,
    amount_captured: amount,
    amount_refunded: refunded,
    balance_transaction: `txn_${id.slice(3)}`,
    captured: true,
    created: 1679493232,
    currency: 'usd',
    customer: 'cus_NZbFQAsc0ptasX',
    livemode: false,
    paid: true,
    payment_intent: paymentIntentId,
    payment_method: 'pm_1MoS6rLgUG5tbmjcatCWiO3p',
    payment_method_details: { card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2027, funding: 'credit' }, type: 'card' },
    refunded: refunded >= amount,
    status: 'succeeded',
  };
}

/** The sample event's succeeded PaymentIntent in the current shape (no `invoice`), latest charge expanded. */
export function succeededIntent(refunded = 0, overrides: Raw = {}): Raw {
  const event = sample('event_payment_intent.created.json');
  const { invoice: _invoice, ...intent } = (event.data as { object: Raw }).object;
  return { ...intent, customer: 'cus_NZbFQAsc0ptasX', latest_charge: charge(intent.latest_charge as string, intent.id as string, intent.amount_received as number, refunded), ...overrides };
}

export function list(data: unknown[], url: string, hasMore = false): Raw {
  return { object: 'list', data, has_more: hasMore, url };
}

/** An event as GET /v1/events and webhooks deliver it. */
export function event(id: string, type: string, object: Raw, created = Math.floor(Date.now() / 1000), extra: Raw = {}): Raw {
  return { id, object: 'event', api_version: '2026-10-28.endive', created, data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, ...extra };
}
