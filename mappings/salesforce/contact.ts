import type { ObjectMapping } from '../../src/connector-kit/index.js';
import { asSalesforceRecord, text } from '../../connectors/salesforce/salesforce-record.js';

export const contactMapping: ObjectMapping<'contact'> = {
  provider: 'salesforce',
  objectType: 'Contact',
  kind: 'contact',
  map(raw) {
    const contact = asSalesforceRecord(raw, 'Contact');
    const email = text(contact, 'Email')?.toLowerCase() ?? null;
    const accountId = text(contact, 'AccountId');
    return {
      email,
      firstName: text(contact, 'FirstName'),
      lastName: text(contact, 'LastName'),
      fullName: text(contact, 'Name') ?? ([text(contact, 'FirstName'), text(contact, 'LastName')].filter(Boolean).join(' ') || email || `Contact ${contact.Id}`),
      phone: text(contact, 'Phone'),
      jobTitle: text(contact, 'Title'),
      companyExternalIds: accountId ? [accountId] : [],
      emailOptedOut: contact.HasOptedOutOfEmail === true,
    };
  },
};
