/**
 * The Stripe account behind the emulator: customers, invoices (draft → open → paid / void /
 * uncollectible), payment intents with their charges, invoice payments, refunds and credit notes.
 * Every mutator records the events Stripe would send (with the object as it then was, and
 * `previous_attributes` on updates), so /v1/events and webhooks tell the same story.
 */
import {
  chargeObject,
  creditNoteObject,
  customerObject,
  invoiceObject,
  invoicePaymentObject,
  paymentIntentObject,
  refundObject,
  stripeId,
  type CustomerFields,
  type InvoiceFields,
  type StripeObject,
} from './stripe-objects.js';
import { seedStripeDemo, type StripeDemoSeed } from './seed-stripe-demo.js';

export const API_VERSION = '2026-10-28.endive';
export const PLACEHOLDER_URL = 'https://stripe-emulator.invalid';

export type StripeCollection = 'customers' | 'invoices' | 'invoice_payments' | 'payment_intents' | 'charges' | 'refunds' | 'credit_notes' | 'events';

const COLLECTION_OF: Record<string, StripeCollection> = { cus: 'customers', in: 'invoices', inpay: 'invoice_payments', pi: 'payment_intents', ch: 'charges', re: 'refunds', cn: 'credit_notes', evt: 'events' };

export interface StoreOptions {
  now?: () => number;
  /** Record events for every change (default true); off for bulk seeding a bench, whose data is older than any catch-up reads. */
  events?: boolean;
  accountId?: string;
  accountName?: string;
  currency?: string;
}

export class StripeEmulatorStore {
  readonly now: () => number;
  readonly accountId: string;
  readonly accountName: string;
  readonly currency: string;
  /** Hosted pages and PDFs are written under this base; the server swaps in its own URL when it answers. */
  readonly publicUrl = PLACEHOLDER_URL;
  readonly collections: Record<StripeCollection, Map<string, StripeObject>> = {
    customers: new Map(),
    invoices: new Map(),
    invoice_payments: new Map(),
    payment_intents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    credit_notes: new Map(),
    events: new Map(),
  };
  /** Deleted customers answer retrieval with `{ id, object, deleted: true }`. */
  readonly deletedCustomers = new Set<string>();
  /** Insertion order breaks ties between objects created in the same second. */
  readonly order = new Map<string, number>();
  private sequence = 0;
  private creditNoteCount = 0;
  private readonly recordEvents: boolean;
  /** Invoice id → its invoice payments in creation order (what an expanded `payments` list reads). */
  private readonly paymentsByInvoice = new Map<string, StripeObject[]>();
  /** Each collection sorted as lists answer (newest first), rebuilt only when the collection changed. */
  private readonly sortedCache = new Map<StripeCollection, { key: string; items: StripeObject[]; position: Map<string, number> }>();

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.accountId = options.accountId ?? 'acct_1EmuBrightside01';
    this.accountName = options.accountName ?? 'Brightside Agency';
    this.currency = options.currency ?? 'usd';
    this.recordEvents = options.events ?? true;
  }

  /**
   * The collection newest first (ties: later insertion first), with each id's position, as every
   * list page needs it: sorted once per change instead of once per page (a 1 M-object backfill
   * would otherwise sort 10 000 times).
   */
  sortedNewestFirst(collection: StripeCollection): { items: StripeObject[]; position: Map<string, number> } {
    const map = this.collections[collection];
    const key = `${map.size}:${this.sequence}`;
    const cached = this.sortedCache.get(collection);
    if (cached?.key === key) return cached;
    const items = [...map.values()].sort((a, b) => b.created - a.created || (this.order.get(b.id) ?? 0) - (this.order.get(a.id) ?? 0));
    const position = new Map(items.map((item, index) => [item.id, index]));
    const fresh = { key, items, position };
    this.sortedCache.set(collection, fresh);
    return fresh;
  }

  seconds(at = this.now()): number {
    return Math.floor(at / 1000);
  }

  get(id: string): StripeObject | undefined {
    const collection = COLLECTION_OF[id.slice(0, id.lastIndexOf('_'))];
    return collection ? this.collections[collection].get(id) : undefined;
  }

  require(id: string): StripeObject {
    const found = this.get(id);
    if (!found) throw new Error(`Stripe emulator: no object ${id}`);
    return found;
  }

  createCustomer(fields: CustomerFields, at = this.now()): StripeObject {
    const customer = this.add('customers', customerObject(fields, this.seconds(at), this.currency));
    this.emit('customer.created', customer, at);
    return customer;
  }

  deleteCustomer(id: string, at = this.now()): void {
    const customer = this.require(id);
    this.collections.customers.delete(id);
    this.deletedCustomers.add(id);
    this.emit('customer.deleted', customer, at);
  }

  /** A draft invoice: no number, no hosted page yet. */
  createInvoice(fields: Omit<InvoiceFields, 'customer'> & { customerId: string }, at = this.now()): StripeObject {
    const customer = this.require(fields.customerId);
    const invoice = this.add('invoices', invoiceObject({ ...fields, customer }, this.seconds(at), this.accountName));
    this.emit('invoice.created', invoice, at);
    return invoice;
  }

  /** Finalizing numbers the invoice, opens it, and gives it its hosted page and PDF. */
  finalizeInvoice(id: string, at = this.now()): StripeObject {
    const invoice = this.require(id);
    if (invoice.status !== 'draft') throw new Error(`Stripe emulator: invoice ${id} is ${String(invoice.status)}, not draft`);
    const customer = this.require(String(invoice.customer));
    const sequence = customer.next_invoice_sequence as number;
    const token = `test_${Buffer.from(`${this.accountId}:${id}`).toString('base64url')}`;
    this.update(invoice, at, 'invoice.finalized', {
      status: 'open',
      number: `${String(customer.invoice_prefix)}-${String(sequence).padStart(4, '0')}`,
      effective_at: this.seconds(at),
      status_transitions: { ...(invoice.status_transitions as object), finalized_at: this.seconds(at) },
      hosted_invoice_url: `${this.publicUrl}/i/${this.accountId}/${token}?s=ap`,
      invoice_pdf: `${this.publicUrl}/invoice/${this.accountId}/${token}/pdf?s=ap`,
      webhooks_delivered_at: this.seconds(at),
    });
    customer.next_invoice_sequence = sequence + 1;
    return invoice;
  }

  /**
   * One successful card payment (payment intent + charge) settling one or several open invoices:
   * each gets an invoice_payment, its amount_paid rises, and it turns paid when nothing remains.
   * An amount pays that much of a single invoice (a partial payment).
   */
  payInvoices(ids: readonly string[], options: { amount?: number; at?: number; card?: { brand: string; last4: string } } = {}): { paymentIntent: StripeObject; charge: StripeObject; invoicePayments: StripeObject[] } {
    const at = options.at ?? this.now();
    const invoices = ids.map((id) => this.require(id));
    for (const invoice of invoices) if (invoice.status !== 'open') throw new Error(`Stripe emulator: invoice ${invoice.id} is ${String(invoice.status)}, not open`);
    if (options.amount !== undefined && invoices.length !== 1) throw new Error('Stripe emulator: a partial amount pays one invoice');
    const amounts = invoices.map((invoice) => options.amount ?? (invoice.amount_remaining as number));
    invoices.forEach((invoice, index) => {
      if (amounts[index]! <= 0 || amounts[index]! > (invoice.amount_remaining as number)) throw new Error(`Stripe emulator: cannot pay ${amounts[index]} on ${invoice.id}`);
    });
    const total = amounts.reduce((sum, amount) => sum + amount, 0);
    const customerId = String(invoices[0]!.customer);
    const description = invoices.length === 1 ? `Payment for Invoice` : `Payment for ${invoices.length} invoices`;
    const paymentIntent = this.add('payment_intents', paymentIntentObject(total, String(invoices[0]!.currency), customerId, this.seconds(at), description));
    this.emit('payment_intent.created', paymentIntent, at);
    const charge = this.add('charges', chargeObject({ ...paymentIntent, payment_method: stripeId('pm') }, this.seconds(at), options.card ?? { brand: 'visa', last4: '4242' }));
    this.update(paymentIntent, at, 'payment_intent.succeeded', { status: 'succeeded', amount_received: total, latest_charge: charge.id, payment_method: charge.payment_method });
    this.emit('charge.succeeded', charge, at);
    const invoicePayments = invoices.map((invoice, index) => {
      const payment = this.add('invoice_payments', invoicePaymentObject(invoice, paymentIntent.id, amounts[index]!, this.seconds(at)));
      const paid = (invoice.amount_paid as number) + amounts[index]!;
      const remaining = (invoice.amount_remaining as number) - amounts[index]!;
      const settled = remaining === 0;
      this.update(invoice, at, settled ? 'invoice.paid' : 'invoice.updated', {
        amount_paid: paid,
        amount_remaining: remaining,
        attempted: true,
        attempt_count: (invoice.attempt_count as number) + 1,
        ...(settled ? { status: 'paid', status_transitions: { ...(invoice.status_transitions as object), paid_at: this.seconds(at) } } : {}),
      });
      if (settled) this.emit('invoice.payment_succeeded', invoice, at);
      this.emit('invoice_payment.paid', payment, at);
      return payment;
    });
    return { paymentIntent, charge, invoicePayments };
  }

  payInvoice(id: string, options: { amount?: number; at?: number } = {}) {
    return this.payInvoices([id], options);
  }

  voidInvoice(id: string, at = this.now()): StripeObject {
    const invoice = this.require(id);
    if (invoice.status !== 'open' || (invoice.amount_paid as number) > 0) throw new Error(`Stripe emulator: only an open invoice without payments can be voided (${id})`);
    return this.update(invoice, at, 'invoice.voided', { status: 'void', amount_remaining: 0, status_transitions: { ...(invoice.status_transitions as object), voided_at: this.seconds(at) } });
  }

  markUncollectible(id: string, at = this.now()): StripeObject {
    const invoice = this.require(id);
    return this.update(invoice, at, 'invoice.marked_uncollectible', { status: 'uncollectible', status_transitions: { ...(invoice.status_transitions as object), marked_uncollectible_at: this.seconds(at) } });
  }

  /** Refunds (part of) a charge, found by its id or its payment intent's. */
  refund(chargeOrPaymentIntent: string, options: { amount?: number; reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer'; at?: number } = {}): StripeObject {
    const at = options.at ?? this.now();
    const target = this.require(chargeOrPaymentIntent);
    const charge = target.object === 'charge' ? target : this.require(String(target.latest_charge));
    const left = (charge.amount as number) - (charge.amount_refunded as number);
    const amount = options.amount ?? left;
    if (amount <= 0 || amount > left) throw new Error(`Stripe emulator: cannot refund ${amount} of ${charge.id} (${left} left)`);
    const refund = this.add('refunds', refundObject(charge, amount, this.seconds(at), options.reason ?? null));
    this.emit('refund.created', refund, at);
    const refunded = (charge.amount_refunded as number) + amount;
    this.update(charge, at, 'charge.refunded', { amount_refunded: refunded, refunded: refunded === charge.amount });
    return refund;
  }

  /** A credit note on an open invoice lowers what it asks for (a pre-payment credit). */
  createCreditNote(invoiceId: string, options: { amount: number; memo?: string; reason?: 'duplicate' | 'fraudulent' | 'order_change' | 'product_unsatisfactory'; at?: number }): StripeObject {
    const at = options.at ?? this.now();
    const invoice = this.require(invoiceId);
    if (invoice.status !== 'open' || options.amount > (invoice.amount_remaining as number)) throw new Error(`Stripe emulator: credit of ${options.amount} does not fit open invoice ${invoiceId}`);
    const note = this.add('credit_notes', creditNoteObject(invoice, options.amount, `${String(invoice.number)}-CN-${String(++this.creditNoteCount).padStart(2, '0')}`, options.memo ?? null, options.reason ?? null, this.seconds(at)));
    note.pdf = `${this.publicUrl}/credit_note/${this.accountId}/${note.id}/pdf`;
    this.emit('credit_note.created', note, at);
    const remaining = (invoice.amount_remaining as number) - options.amount;
    this.update(invoice, at, remaining === 0 ? 'invoice.paid' : 'invoice.updated', {
      pre_payment_credit_notes_amount: (invoice.pre_payment_credit_notes_amount as number) + options.amount,
      amount_due: (invoice.amount_due as number) - options.amount,
      amount_remaining: remaining,
      ...(remaining === 0 ? { status: 'paid', status_transitions: { ...(invoice.status_transitions as object), paid_at: this.seconds(at) } } : {}),
    });
    return note;
  }

  /** The invoice's payments, newest first: the `payments` list an expansion includes. */
  paymentsOf(invoiceId: string): StripeObject[] {
    return (this.paymentsByInvoice.get(invoiceId) ?? []).filter((payment) => this.collections.invoice_payments.get(payment.id) === payment).reverse();
  }

  seedDemo(): StripeDemoSeed {
    return seedStripeDemo(this);
  }

  private add(collection: StripeCollection, object: StripeObject): StripeObject {
    this.collections[collection].set(object.id, object);
    this.order.set(object.id, this.sequence++);
    if (collection === 'invoice_payments') {
      const invoiceId = String(object.invoice);
      const list = this.paymentsByInvoice.get(invoiceId);
      if (list) list.push(object);
      else this.paymentsByInvoice.set(invoiceId, [object]);
    }
    return object;
  }

  /** Applies fields and records `type` with the attributes as they were before. */
  private update(object: StripeObject, at: number, type: string, fields: Record<string, unknown>): StripeObject {
    if (!this.recordEvents) return Object.assign(object, fields);
    const previous: Record<string, unknown> = {};
    for (const key of Object.keys(fields)) if (JSON.stringify(object[key]) !== JSON.stringify(fields[key])) previous[key] = structuredClone(object[key]);
    Object.assign(object, fields);
    this.emit(type, object, at, previous);
    return object;
  }

  private emit(type: string, object: StripeObject, at: number, previous?: Record<string, unknown>): StripeObject | undefined {
    if (!this.recordEvents) return undefined;
    const event: StripeObject = {
      id: stripeId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: this.seconds(at),
      data: { object: structuredClone(object), ...(previous && Object.keys(previous).length > 0 ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    return this.add('events', event);
  }
}
