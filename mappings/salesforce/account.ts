import type { ObjectMapping } from '../../src/connector-kit/index.js';
import { asSalesforceRecord, text } from '../../connectors/salesforce/salesforce-record.js';

export const accountMapping: ObjectMapping<'company'> = {
  provider: 'salesforce',
  objectType: 'Account',
  kind: 'company',
  map(raw) {
    const account = asSalesforceRecord(raw, 'Account');
    const website = text(account, 'Website');
    return {
      name: text(account, 'Name') ?? `Salesforce account ${account.Id}`,
      // Salesforce has no domain field; the website's host is the nearest thing.
      domain: website ? website.replace(/^https?:\/\//i, '').replace(/^www\./i, '').split(/[/?#]/)[0]!.toLowerCase() || null : null,
      phone: text(account, 'Phone'),
      website,
      city: text(account, 'BillingCity'),
      country: text(account, 'BillingCountry'),
      ownerExternalId: text(account, 'OwnerId'),
    };
  },
};
