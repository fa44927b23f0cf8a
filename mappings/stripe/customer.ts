import { type ObjectMapping, formatAddress, splitEmails } from '../../src/connector-kit/index.js';
import { asStripeObject } from '../../connectors/stripe/stripe-values.js';

interface StripeAddress {
  line1?: string | null;
  line2?: string | null;
  postal_code?: string | null;
  city?: string | null;
  state?: string | null;
  country?: string | null;
}

/**
 * A Stripe customer is the client's billing identity: its email is what identity resolution
 * matches first after an explicit CRM id kept in its metadata (config `identity.explicitIdFields`).
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
      emails: splitEmails(customer.email),
      // Tax ids are a sub-resource (expand `tax_ids`); present only when expanded.
      taxNumber: ((customer.tax_ids as { data?: { value?: string }[] } | undefined)?.data?.[0]?.value) ?? null,
      billingAddress: address ? formatAddress([address.line1, address.line2, [address.postal_code, address.city].filter(Boolean).join(' '), address.state, address.country]) : null,
    };
  },
};
