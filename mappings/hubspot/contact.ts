import type { ObjectMapping } from '../../src/connector-kit/index.js';
import { asHubSpotObject, associatedIds, prop } from '../../connectors/hubspot/hubspot-object.js';

export const CONTACT_PROPERTIES = ['email', 'firstname', 'lastname', 'phone', 'jobtitle', 'associatedcompanyid', 'hs_email_optout', 'lastmodifieddate', 'createdate'];

export const contactMapping: ObjectMapping<'contact'> = {
  provider: 'hubspot',
  objectType: 'contacts',
  kind: 'contact',
  map(raw) {
    const contact = asHubSpotObject(raw);
    const firstName = prop(contact, 'firstname');
    const lastName = prop(contact, 'lastname');
    const email = prop(contact, 'email')?.toLowerCase() ?? null;
    const primaryCompany = prop(contact, 'associatedcompanyid');
    const companies = new Set(associatedIds(contact, 'companies'));
    if (primaryCompany) companies.add(primaryCompany);
    return {
      email,
      firstName,
      lastName,
      fullName: [firstName, lastName].filter(Boolean).join(' ') || email || `Contact ${contact.id}`,
      phone: prop(contact, 'phone'),
      jobTitle: prop(contact, 'jobtitle'),
      companyExternalIds: [...companies],
      // "Unsubscribed from all email": the contact asked for no email at all.
      emailOptedOut: prop(contact, 'hs_email_optout')?.toLowerCase() === 'true',
    };
  },
};
