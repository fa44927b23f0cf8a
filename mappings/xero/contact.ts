import { type ObjectMapping, formatAddress, splitEmails } from '../../src/connector-kit/index.js';
import { asXeroObject } from '../../connectors/xero/xero-values.js';

interface XeroAddress {
  addressType?: string;
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

/** A Xero contact (customer) is the client's billing identity; its account number can carry the CRM id (issue 6). */
export const contactMapping: ObjectMapping<'company'> = {
  provider: 'xero',
  objectType: 'Contact',
  kind: 'company',
  map(raw) {
    const contact = asXeroObject(raw, 'contactID', 'contact');
    const addresses = (contact.addresses as XeroAddress[] | undefined) ?? [];
    const postal = addresses.find((a) => a.addressType === 'POBOX') ?? addresses[0];
    const phone = ((contact.phones as { phoneType?: string; phoneNumber?: string }[] | undefined) ?? []).find((p) => p.phoneNumber)?.phoneNumber ?? null;
    return {
      name: (contact.name as string | undefined) || `Xero contact ${contact.contactID as string}`,
      domain: null,
      phone,
      website: (contact.website as string | undefined) || null,
      city: postal?.city || null,
      country: postal?.country || null,
      ownerExternalId: null,
      // The contact's own address, then the contact people Xero copies on invoice emails.
      emails: splitEmails(
        contact.emailAddress,
        ...((contact.contactPersons as { emailAddress?: string; includeInEmails?: boolean }[] | undefined) ?? []).filter((p) => p.includeInEmails).map((p) => p.emailAddress),
      ),
      taxNumber: (contact.taxNumber as string | undefined) || null,
      billingAddress: postal
        ? formatAddress([postal.addressLine1, postal.addressLine2, [postal.postalCode, postal.city].filter(Boolean).join(' '), postal.region, postal.country])
        : null,
    };
  },
};
