import type { ObjectMapping } from '../../src/connector-kit/index.js';
import { asHubSpotObject, prop } from '../../connectors/hubspot/hubspot-object.js';

export const COMPANY_PROPERTIES = ['name', 'domain', 'phone', 'website', 'city', 'country', 'hubspot_owner_id', 'hs_lastmodifieddate', 'createdate'];

export const companyMapping: ObjectMapping<'company'> = {
  provider: 'hubspot',
  objectType: 'companies',
  kind: 'company',
  map(raw) {
    const company = asHubSpotObject(raw);
    const domain = prop(company, 'domain');
    return {
      // HubSpot allows nameless companies; the domain is what staff recognise then.
      name: prop(company, 'name') ?? domain ?? `HubSpot company ${company.id}`,
      domain: domain?.toLowerCase() ?? null,
      phone: prop(company, 'phone'),
      website: prop(company, 'website'),
      city: prop(company, 'city'),
      country: prop(company, 'country'),
      ownerExternalId: prop(company, 'hubspot_owner_id'),
    };
  },
};
