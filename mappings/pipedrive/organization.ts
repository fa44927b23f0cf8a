import type { ObjectMapping } from '../../src/connector-kit/index.js';
import { asPipedriveObject, text, type PipedriveOrganization } from '../../connectors/pipedrive/pipedrive-records.js';

/** A website as staff type it ("northwind.example", "https://www.northwind.example/about") → its domain. */
function domainOf(website: string | null): string | null {
  if (!website) return null;
  try {
    const host = new URL(/^https?:\/\//i.test(website) ? website : `https://${website}`).hostname.toLowerCase();
    return host.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** Organization (v2) → company. Pipedrive has no domain field: the website's host stands for it. */
export const organizationMapping: ObjectMapping<'company'> = {
  provider: 'pipedrive',
  objectType: 'organizations',
  kind: 'company',
  map(raw) {
    const organization = asPipedriveObject<PipedriveOrganization>(raw, 'organization');
    const website = text(organization.website);
    const domain = domainOf(website);
    return {
      name: text(organization.name) ?? domain ?? `Pipedrive organization ${organization.id}`,
      domain,
      phone: null,
      website,
      city: text(organization.address?.locality),
      country: text(organization.address?.country),
      ownerExternalId: organization.owner_id == null ? null : String(organization.owner_id),
    };
  },
};
