import type { ObjectMapping } from '../../src/connector-kit/index.js';
import { asPipedriveObject, primaryValue, text, type PipedrivePerson } from '../../connectors/pipedrive/pipedrive-records.js';

/** Person (v2) → contact: the primary email and phone of its lists; its organization is its company. */
export const personMapping: ObjectMapping<'contact'> = {
  provider: 'pipedrive',
  objectType: 'persons',
  kind: 'contact',
  map(raw) {
    const person = asPipedriveObject<PipedrivePerson>(raw, 'person');
    const firstName = text(person.first_name);
    const lastName = text(person.last_name);
    const email = primaryValue(person.emails)?.toLowerCase() ?? null;
    return {
      email,
      firstName,
      lastName,
      fullName: text(person.name) ?? ([firstName, lastName].filter(Boolean).join(' ') || email || `Person ${person.id}`),
      phone: primaryValue(person.phones),
      jobTitle: text(person.job_title),
      companyExternalIds: person.org_id == null ? [] : [String(person.org_id)],
      // Campaigns' "unsubscribed": the person asked for no email (like HubSpot's hs_email_optout); no invitation is sent.
      emailOptedOut: person.marketing_status === 'unsubscribed',
    };
  },
};
