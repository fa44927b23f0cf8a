import { expandableId } from './stripe-values.js';
import type { StripeObjectType } from './object-types.js';

export interface EventTarget {
  objectType: StripeObjectType;
  id: string;
}

interface StripeEventLike {
  data?: { object?: Record<string, unknown> };
}

/**
 * The hub objects an event is about, read from the object it carries (not the event's name:
 * `customer.subscription.updated` carries a subscription). Charges and refunds belong to their
 * PaymentIntent; an invoice payment to both its invoice and its PaymentIntent.
 */
export function eventTargets(event: StripeEventLike): EventTarget[] {
  const object = event.data?.object;
  if (!object || typeof object !== 'object') return [];
  const id = typeof object.id === 'string' ? object.id : null;
  const targets: EventTarget[] = [];
  const add = (objectType: StripeObjectType, value: unknown) => {
    const target = expandableId(value);
    if (target && !targets.some((t) => t.objectType === objectType && t.id === target)) targets.push({ objectType, id: target });
  };
  switch (object.object) {
    case 'customer':
      add('Customer', id);
      break;
    case 'invoice':
      add('Invoice', id);
      break;
    case 'payment_intent':
      add('PaymentIntent', id);
      break;
    case 'charge':
    case 'refund':
      add('PaymentIntent', object.payment_intent);
      break;
    case 'invoice_payment':
      add('Invoice', object.invoice);
      add('PaymentIntent', (object.payment as { payment_intent?: unknown } | undefined)?.payment_intent);
      break;
  }
  return targets;
}
