export type StripeObjectType = 'Customer' | 'Invoice' | 'PaymentIntent';

export const STRIPE_OBJECT_TYPES: StripeObjectType[] = ['Customer', 'Invoice', 'PaymentIntent'];

export function isStripeObjectType(value: string): value is StripeObjectType {
  return (STRIPE_OBJECT_TYPES as string[]).includes(value);
}

/**
 * The events that can change each object type, for the events API's `types` filter (at most 20
 * names, no wildcards). Refunds and charges change a PaymentIntent's refunded amount; an invoice
 * payment links a PaymentIntent to its invoice.
 */
export const EVENT_TYPES: Record<StripeObjectType, string[]> = {
  Customer: ['customer.created', 'customer.updated', 'customer.deleted'],
  Invoice: [
    'invoice.created',
    'invoice.updated',
    'invoice.deleted',
    'invoice.finalized',
    'invoice.paid',
    'invoice.payment_succeeded',
    'invoice.payment_failed',
    'invoice.payment_action_required',
    'invoice.marked_uncollectible',
    'invoice.voided',
    'invoice.sent',
    'invoice.overdue',
    'invoice_payment.paid',
  ],
  PaymentIntent: [
    'payment_intent.succeeded',
    'payment_intent.partially_funded',
    'charge.succeeded',
    'charge.captured',
    'charge.refunded',
    'charge.refund.updated',
    'refund.created',
    'refund.updated',
    'refund.failed',
    'invoice_payment.paid',
  ],
};
