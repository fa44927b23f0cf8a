import { type ObjectMapping, type Allocation, type Payment, mergeAllocations } from '../../src/connector-kit/index.js';
import { asStripeObject, expandableId, expanded, listItems, stripeCurrency, stripeInstant, stripeMinor } from '../../connectors/stripe/stripe-values.js';

/**
 * How much of a PaymentIntent went to which invoice. In the current API the relation lives on
 * invoice payments (the connector attaches `invoice_payments`, as GET /v1/invoice_payments returns
 * them), each with its `amount_paid`; one not yet paid names its invoice without an amount, and a
 * canceled one does not count. Older API versions put one `invoice` id on the PaymentIntent itself,
 * which then received the money for that invoice.
 */
export function paymentAllocations(intent: Record<string, unknown>, currency: string): Pick<Payment, 'allocations' | 'invoiceExternalIds'> {
  const parts: Allocation[] = [];
  const namedOnly: string[] = [];
  for (const item of listItems(intent.invoice_payments)) {
    const id = expandableId(item.invoice);
    if (!id || item.status === 'canceled') continue;
    if (item.status === 'paid' && typeof item.amount_paid === 'number') parts.push({ invoiceExternalId: id, amountMinor: stripeMinor(item.amount_paid, currency) });
    else namedOnly.push(id);
  }
  const legacy = expandableId(intent.invoice);
  if (legacy && parts.length === 0) parts.push({ invoiceExternalId: legacy, amountMinor: stripeMinor(intent.amount_received ?? 0, currency) });
  else if (legacy) namedOnly.push(legacy);
  return mergeAllocations(parts, namedOnly);
}

/** Refunded so far: the latest charge's amount_refunded (expanded), or the older API's charges list. */
function refundedOf(intent: Record<string, unknown>, currency: string): number {
  const charge = expanded(intent.latest_charge);
  if (charge) return stripeMinor(charge.amount_refunded ?? 0, currency);
  return listItems(intent.charges).reduce((sum, c) => sum + stripeMinor(c.amount_refunded ?? 0, currency), 0);
}

/** When the money arrived: the invoice payment's paid_at, else the charge's creation, else the intent's. */
function paidAtOf(intent: Record<string, unknown>): string {
  const paidAt = listItems(intent.invoice_payments)
    .map((p) => (p.status_transitions as { paid_at?: number | null } | undefined)?.paid_at)
    .find((at): at is number => typeof at === 'number');
  const charge = expanded(intent.latest_charge);
  return stripeInstant(paidAt) ?? stripeInstant(charge?.created) ?? stripeInstant(intent.created) ?? new Date(0).toISOString();
}

function methodOf(intent: Record<string, unknown>): string | null {
  const details = expanded(expanded(intent.latest_charge)?.payment_method_details);
  if (typeof details?.type === 'string') return details.type;
  const types = intent.payment_method_types;
  return Array.isArray(types) && typeof types[0] === 'string' ? types[0] : null;
}

export function mapStripePaymentIntent(raw: unknown): Payment {
  const intent = asStripeObject(raw, 'payment_intent');
  const currency = stripeCurrency(intent.currency);
  return {
    amountMinor: stripeMinor(intent.amount_received ?? 0, currency),
    currency,
    paidAt: paidAtOf(intent),
    refundedMinor: refundedOf(intent, currency),
    method: methodOf(intent),
    customerExternalId: expandableId(intent.customer),
    ...paymentAllocations(intent, currency),
    creditAllocations: [],
  };
}

/** A PaymentIntent that received money is a payment (the connector skips the ones that received nothing). */
export const paymentIntentMapping: ObjectMapping<'payment'> = {
  provider: 'stripe',
  objectType: 'PaymentIntent',
  kind: 'payment',
  map: (raw) => mapStripePaymentIntent(raw),
};
