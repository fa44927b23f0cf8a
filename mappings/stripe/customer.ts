import type { ObjectMapping } from '../../connectors/connector.js';
import { asStripeObject } from './stripe-values.js';

interface StripeAddress {
  city?: string | null;
  country?: string | null;
}

/**
 * A Stripe customer is the client's billing identity. The unified company has no billing email
 * or metadata fields: both stay in the raw payload (email, metadata), where linking (issue 6) can read them.
 */
export const customerMapping: ObjectMapping<'company'> = {
  provider: 'stripe',
  objectType: 'Customer',
  kind: 'company',
  map(raw) {
    const customer = asStripeObject(raw, 'customer');
    const text = (key: string) => {
      const value = customer[key];
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
    };
    const address = (customer.address as StripeAddress | null | undefined) ?? (customer.shipping as { address?: StripeAddress } | null | undefined)?.address ?? null;
    return {
      name: text('name') ?? text('business_name') ?? text('individual_name') ?? text('email') ?? `Stripe customer ${customer.id as string}`,
      domain: null,
      phone: text('phone'),
      website: null,
      city: address?.city || null,
      country: address?.country || null,
      ownerExternalId: null,
    };
  },
};
