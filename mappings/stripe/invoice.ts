import type { MappingContext, ObjectMapping, Invoice, InvoiceStatus } from '../../src/connector-kit/index.js';
import { asStripeObject, expandableId, listItems, stripeCurrency, stripeDay, stripeMinor } from '../../connectors/stripe/stripe-values.js';
import { invoiceReferences } from '../invoice-references.js';

/**
 * Stripe's status (draft, open, paid, void, uncollectible), refined for a client: an open
 * invoice past its due date is overdue, one partly paid is partially_paid. "uncollectible" is
 * the business giving up on collection, but the client still owes it and can still pay it
 * (Stripe keeps the hosted page payable), so it shows as overdue.
 */
export function stripeInvoiceStatus(status: unknown, dueDay: string | null, paidMinor: number, remainingMinor: number, today: string): InvoiceStatus {
  switch (status) {
    case 'draft':
      return 'draft';
    case 'paid':
      return 'paid';
    case 'void':
      return 'void';
    case 'uncollectible':
      return remainingMinor > 0 ? 'overdue' : 'paid';
    default:
      if (dueDay && dueDay < today && remainingMinor > 0) return 'overdue';
      return paidMinor > 0 && remainingMinor > 0 ? 'partially_paid' : 'open';
  }
}

/** Tax: the current API's total_taxes[] (inclusive and exclusive), or the older `tax` / total_tax_amounts[]. */
function taxOf(invoice: Record<string, unknown>, currency: string): number {
  if (Array.isArray(invoice.total_taxes)) return (invoice.total_taxes as { amount?: number }[]).reduce((sum, t) => sum + stripeMinor(t.amount ?? 0, currency), 0);
  if (typeof invoice.tax === 'number') return stripeMinor(invoice.tax, currency);
  if (Array.isArray(invoice.total_tax_amounts)) return (invoice.total_tax_amounts as { amount?: number }[]).reduce((sum, t) => sum + stripeMinor(t.amount ?? 0, currency), 0);
  return 0;
}

interface StripeLine {
  description?: string | null;
  amount?: number;
  quantity?: number | null;
  quantity_decimal?: string | null;
  /** Current API: pricing.unit_amount_decimal (a decimal string, Stripe minor units). */
  pricing?: { unit_amount_decimal?: string | null } | null;
  /** Older API: price.unit_amount / unit_amount_decimal. */
  price?: { unit_amount?: number | null; unit_amount_decimal?: string | null } | null;
}

function mapLine(line: StripeLine, currency: string): Invoice['lines'][number] {
  const unit = line.pricing?.unit_amount_decimal ?? line.price?.unit_amount_decimal ?? line.price?.unit_amount ?? null;
  const quantity = line.quantity ?? (line.quantity_decimal != null ? Number(line.quantity_decimal) : 1);
  return {
    description: line.description ?? '',
    quantity: Number.isFinite(quantity) ? quantity : 1,
    unitAmountMinor: unit == null ? null : stripeMinor(unit, currency),
    amountMinor: stripeMinor(line.amount ?? 0, currency),
  };
}

export function mapStripeInvoice(raw: unknown, context: MappingContext, today = new Date().toISOString().slice(0, 10)): Invoice {
  const invoice = asStripeObject(raw, 'invoice');
  const currency = invoice.currency == null ? context.config.defaultCurrency.toUpperCase() : stripeCurrency(invoice.currency);
  const money = (value: unknown) => stripeMinor(value ?? 0, currency);
  const status = invoice.status;
  const paid = money(invoice.amount_paid);
  // amount_remaining is what the client still owes; void invoices owe nothing whatever Stripe keeps there.
  const remaining = status === 'void' ? 0 : money(invoice.amount_remaining ?? invoice.amount_due);
  const dueDate = stripeDay(invoice.due_date);
  const transitions = (invoice.status_transitions as { finalized_at?: number | null } | undefined) ?? {};
  const mappedStatus = stripeInvoiceStatus(status, dueDate, paid, remaining, today);
  const payable = (mappedStatus === 'open' || mappedStatus === 'overdue' || mappedStatus === 'partially_paid') && remaining > 0;
  return {
    number: typeof invoice.number === 'string' && invoice.number ? invoice.number : null,
    status: mappedStatus,
    issueDate: stripeDay(invoice.effective_at) ?? stripeDay(transitions.finalized_at) ?? stripeDay(invoice.created),
    dueDate,
    currency,
    subtotalMinor: money(invoice.subtotal),
    taxMinor: taxOf(invoice, currency),
    totalMinor: money(invoice.total),
    amountDueMinor: remaining,
    // The hosted page is where a client pays: offered only while there is something to pay.
    payUrl: payable && typeof invoice.hosted_invoice_url === 'string' ? invoice.hosted_invoice_url : null,
    pdfAvailable: typeof invoice.invoice_pdf === 'string' && invoice.invoice_pdf !== '',
    customerExternalId: expandableId(invoice.customer),
    // Metadata is where a business (or its books-to-Stripe tool) names the invoice's copy in the books.
    references: invoiceReferences(...Object.values((invoice.metadata as Record<string, unknown> | null | undefined) ?? {})),
    aliases: stripeInvoiceAliases(invoice),
    lines: listItems(invoice.lines).map((line) => mapLine(line as StripeLine, currency)),
  };
}

/** The charge and payment intents that paid the invoice: sync tools often cite those instead of the invoice id. */
function stripeInvoiceAliases(invoice: Record<string, unknown>): string[] {
  const ids = new Set<string>();
  const add = (value: unknown) => {
    const id = expandableId(value);
    if (id) ids.add(id);
  };
  add(invoice.charge);
  add(invoice.payment_intent);
  for (const item of listItems(invoice.payments)) {
    const payment = (item as { payment?: Record<string, unknown> }).payment;
    add(payment?.payment_intent);
    add(payment?.charge);
  }
  return [...ids];
}

export const invoiceMapping: ObjectMapping<'invoice'> = {
  provider: 'stripe',
  objectType: 'Invoice',
  kind: 'invoice',
  map: (raw, context) => mapStripeInvoice(raw, context),
};
