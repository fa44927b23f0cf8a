/**
 * The client companies every emulator's demo world is built around: read from the HubSpot
 * emulator's own seed, so accounting, payment and project emulators name the same companies,
 * domains and contact emails as the CRM, and identity resolution has something real to link.
 */
import { HubSpotEmulatorStore } from '../hubspot/emulator/emulator-store.js';

export interface DemoPerson {
  firstName: string;
  lastName: string;
  email: string;
  jobTitle: string | null;
}

export interface DemoClient {
  name: string;
  domain: string;
  city: string | null;
  country: string | null;
  phone: string | null;
  website: string | null;
  people: DemoPerson[];
  /** The CRM deal this client is buying (what the invoices and projects are about). */
  dealName: string;
  dealAmount: number;
}

export function readDemoClients(): DemoClient[] {
  const crm = new HubSpotEmulatorStore();
  const seed = crm.seedDemo();
  return seed.companyIds.map((companyId, index) => {
    const company = crm.get('companies', companyId)!.properties;
    const people = crm.associations('companies', companyId, 'contacts').map(({ toId }) => {
      const person = crm.get('contacts', toId)!.properties;
      return { firstName: person.firstname ?? '', lastName: person.lastname ?? '', email: person.email ?? '', jobTitle: person.jobtitle ?? null };
    });
    const deal = crm.get('deals', seed.dealIds[index]!)!.properties;
    return {
      name: company.name ?? '',
      domain: company.domain ?? '',
      city: company.city ?? null,
      country: company.country ?? null,
      phone: company.phone ?? null,
      website: company.website ?? null,
      people,
      dealName: deal.dealname ?? '',
      dealAmount: Number(deal.amount ?? 0),
    };
  });
}
