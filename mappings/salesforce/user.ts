import type { ObjectMapping } from '../../src/connector-kit/index.js';
import { asSalesforceRecord, text } from '../../connectors/salesforce/salesforce-record.js';

/** Salesforce users are the business's own people: the account owners clients see as their team. */
export const userMapping: ObjectMapping<'team_member'> = {
  provider: 'salesforce',
  objectType: 'User',
  kind: 'team_member',
  map(raw) {
    const user = asSalesforceRecord(raw, 'User');
    return { email: text(user, 'Email')?.toLowerCase() ?? null, name: text(user, 'Name') ?? `User ${user.Id}`, title: text(user, 'Title') };
  },
};
