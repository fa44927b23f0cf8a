import type { ObjectMapping } from '../../connectors/connector.js';
import { asXeroObject } from './xero-values.js';

interface XeroAddress {
  addressType?: string;
  city?: string;
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
    };
  },
};
