/**
 * Stripe API objects in the shape of API version 2026-10-28 (what stripe 23 pins): integer
 * amounts in minor units, lower-case currencies, unix-second times, ids with their prefixes.
 * Invoices no longer carry paid / payment_intent / charge / subscription: their payments are the
 * includable `payments` list of invoice_payment objects, and a subscription is under `parent`.
 */
import { randomBytes } from 'node:crypto';

export type StripeObject = Record<string, unknown> & { id: string; object: string; created: number };

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function stripeId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += BASE62[byte % 62];
  return `${prefix}_${out}`;
}

export interface CustomerFields {
  name: string;
  email?: string;
  phone?: string;
  description?: string;
  address?: { city?: string; country?: string; line1?: string; postal_code?: string; state?: string };
  metadata?: Record<string, string>;
}

export function customerObject(fields: CustomerFields, created: number, currency: string): StripeObject {
  return {
    id: stripeId('cus', 14),
    object: 'customer',
    address: fields.address ? { city: null, country: null, line1: null, line2: null, postal_code: null, state: null, ...fields.address } : null,
    balance: 0,
    created,
    currency,
    default_source: null,
    delinquent: false,
    description: fields.description ?? null,
    discount: null,
    email: fields.email ?? null,
    invoice_prefix: randomBytes(4).toString('hex').toUpperCase().slice(0, 7),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: fields.metadata ?? {},
    name: fields.name,
    next_invoice_sequence: 1,
    phone: fields.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}

export interface LineFields {
  description: string;
  unitAmount: number;
  quantity?: number;
}

export function lineItemObject(invoiceId: string, line: LineFields, currency: string, period: { start: number; end: number }, subscriptionId: string | null): Record<string, unknown> {
  const quantity = line.quantity ?? 1;
  const amount = line.unitAmount * quantity;
  return {
    id: stripeId('il'),
    object: 'line_item',
    amount,
    currency,
    description: line.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: subscriptionId
      ? { type: 'subscription_item_details', invoice_item_details: null, subscription_item_details: { invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: subscriptionId, subscription_item: stripeId('si', 14) } }
      : { type: 'invoice_item_details', invoice_item_details: { invoice_item: stripeId('ii'), proration: false, proration_details: { credited_items: null }, subscription: null }, subscription_item_details: null },
    period,
    pretax_credit_amounts: [],
    pricing: { type: 'price_details', price_details: { price: stripeId('price'), product: stripeId('prod', 14) }, unit_amount_decimal: String(line.unitAmount) },
    quantity,
    subtotal: amount,
    taxes: [],
  };
}

export interface InvoiceFields {
  customer: StripeObject;
  lines: LineFields[];
  description?: string;
  /** send_invoice (pay by link, with a due date) or charge_automatically. */
  collectionMethod?: 'send_invoice' | 'charge_automatically';
  daysUntilDue?: number;
  subscriptionId?: string;
  metadata?: Record<string, string>;
}

export function invoiceObject(fields: InvoiceFields, created: number, accountName: string): StripeObject {
  const id = stripeId('in');
  const currency = String(fields.customer.currency ?? 'usd');
  const period = { start: created, end: created };
  const lines = fields.lines.map((line) => lineItemObject(id, line, currency, period, fields.subscriptionId ?? null));
  const subtotal = lines.reduce((sum, line) => sum + (line.amount as number), 0);
  const collection = fields.collectionMethod ?? 'send_invoice';
  const address = fields.customer.address as Record<string, unknown> | null;
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: accountName,
    account_tax_ids: null,
    amount_due: subtotal,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: subtotal,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: fields.subscriptionId ? 'subscription_cycle' : 'manual',
    collection_method: collection,
    created,
    currency,
    custom_fields: null,
    customer: fields.customer.id,
    customer_account: null,
    customer_address: address,
    customer_email: fields.customer.email ?? null,
    customer_name: fields.customer.name ?? null,
    customer_phone: fields.customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: fields.description ?? null,
    discounts: [],
    due_date: collection === 'send_invoice' ? created + (fields.daysUntilDue ?? 30) * 86_400 : null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: lines, has_more: false, total_count: lines.length, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: fields.metadata ?? {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: fields.subscriptionId
      ? { type: 'subscription_details', quote_details: null, subscription_details: { metadata: {}, subscription: fields.subscriptionId } }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: created,
    period_start: created,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal,
    subtotal_excluding_tax: subtotal,
    test_clock: null,
    total: subtotal,
    total_discount_amounts: [],
    total_excluding_tax: subtotal,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

export function paymentIntentObject(amount: number, currency: string, customerId: string | null, created: number, description: string | null): StripeObject {
  const id = stripeId('pi');
  return {
    id,
    object: 'payment_intent',
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${randomBytes(12).toString('base64url')}`,
    confirmation_method: 'automatic',
    created,
    currency,
    customer: customerId,
    description,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
}

export function chargeObject(paymentIntent: StripeObject, created: number, card: { brand: string; last4: string }): StripeObject {
  return {
    id: stripeId('ch'),
    object: 'charge',
    amount: paymentIntent.amount,
    amount_captured: paymentIntent.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: stripeId('txn'),
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'BRIGHTSIDE',
    captured: true,
    created,
    currency: paymentIntent.currency,
    customer: paymentIntent.customer,
    description: paymentIntent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: { advice_code: null, network_advice_code: null, network_decline_code: null, network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: 32, seller_message: 'Payment complete.', type: 'authorized' },
    paid: true,
    payment_intent: paymentIntent.id,
    payment_method: paymentIntent.payment_method,
    payment_method_details: { type: 'card', card: { brand: card.brand, country: 'US', exp_month: 8, exp_year: 2030, funding: 'credit', last4: card.last4, network: card.brand } },
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
}

export function invoicePaymentObject(invoice: StripeObject, paymentIntentId: string, amount: number, created: number): StripeObject {
  return {
    id: stripeId('inpay'),
    object: 'invoice_payment',
    amount_paid: amount,
    amount_requested: amount,
    created,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: paymentIntentId },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: created },
  };
}

export function refundObject(charge: StripeObject, amount: number, created: number, reason: string | null): StripeObject {
  return {
    id: stripeId('re'),
    object: 'refund',
    amount,
    balance_transaction: stripeId('txn'),
    charge: charge.id,
    created,
    currency: charge.currency,
    destination_details: { type: 'card', card: { reference: randomBytes(6).toString('hex'), reference_status: 'available', reference_type: 'acquirer_reference_number', type: 'refund' } },
    metadata: {},
    payment_intent: charge.payment_intent,
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}

export function creditNoteObject(invoice: StripeObject, amount: number, number: string, memo: string | null, reason: string | null, created: number): StripeObject {
  const id = stripeId('cn');
  return {
    id,
    object: 'credit_note',
    amount,
    amount_shipping: 0,
    created,
    currency: invoice.currency,
    customer: invoice.customer,
    customer_account: null,
    customer_balance_transaction: null,
    discount_amount: 0,
    discount_amounts: [],
    effective_at: created,
    invoice: invoice.id,
    lines: { object: 'list', data: [{ id: stripeId('cnli'), object: 'credit_note_line_item', amount, description: memo ?? 'Credit', discount_amount: 0, discount_amounts: [], invoice_line_item: null, livemode: false, metadata: {}, pretax_credit_amounts: [], quantity: 1, taxes: [], type: 'custom_line_item', unit_amount: amount, unit_amount_decimal: String(amount) }], has_more: false, url: `/v1/credit_notes/${id}/lines` },
    livemode: false,
    memo,
    metadata: {},
    number,
    out_of_band_amount: null,
    pdf: null,
    post_payment_amount: 0,
    pre_payment_amount: amount,
    pretax_credit_amounts: [],
    reason,
    refunds: [],
    shipping_cost: null,
    status: 'issued',
    subtotal: amount,
    subtotal_excluding_tax: amount,
    total: amount,
    total_excluding_tax: amount,
    total_taxes: [],
    type: 'pre_payment',
    voided_at: null,
  };
}
