import { fakeCompany, fakeContact, fakeDeal, ownersResponse, type FakeObject } from '../testing/hubspot-payloads.js';

export type EmulatedType = 'companies' | 'contacts' | 'deals';

export interface EmulatedOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  createdAt: string;
  updatedAt: string;
  archived: false;
}

/** The data behind the HubSpot emulator: CRM objects, deal associations, owners, a clock. */
export class HubSpotEmulatorStore {
  readonly objects: Record<EmulatedType, Map<string, FakeObject>> = { companies: new Map(), contacts: new Map(), deals: new Map() };
  readonly dealLinks: Record<'companies' | 'contacts', Map<string, string[]>> = { companies: new Map(), contacts: new Map() };
  readonly owners: EmulatedOwner[] = ownersResponse().results as EmulatedOwner[];
  private nextId = 1000;

  constructor(readonly now: () => number = () => Date.now()) {}

  addCompany(props: Record<string, string | null>): FakeObject {
    return this.put('companies', fakeCompany(this.newId(), this.now(), props));
  }

  addContact(companyId: string, props: Record<string, string | null>): FakeObject {
    return this.put('contacts', fakeContact(this.newId(), this.now(), { associatedcompanyid: companyId, ...props }));
  }

  addDeal(companyId: string, contactIds: string[], props: Record<string, string | null>): FakeObject {
    const deal = this.put('deals', fakeDeal(this.newId(), this.now(), props));
    this.dealLinks.companies.set(deal.id, [companyId]);
    this.dealLinks.contacts.set(deal.id, contactIds);
    return deal;
  }

  /** Changes properties the way a user editing in HubSpot would: the last-modified time moves. */
  update(type: EmulatedType, id: string, props: Record<string, string | null>): FakeObject {
    const object = this.objects[type].get(id);
    if (!object) throw new Error(`No ${type} ${id}`);
    const at = new Date(this.now()).toISOString();
    const modified = type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
    Object.assign(object.properties, props, { [modified]: at });
    object.updatedAt = at;
    return object;
  }

  /** Moves a deal to a stage and returns the thin event HubSpot would send for it. */
  moveDealToStage(dealId: string, stageId: string, portalId = 62515) {
    this.update('deals', dealId, { dealstage: stageId });
    return {
      eventId: Math.floor(this.now() % 1e9) * 10 + Math.floor(Math.random() * 10),
      subscriptionId: 2001,
      portalId,
      appId: 3001,
      occurredAt: this.now(),
      subscriptionType: 'deal.propertyChange',
      attemptNumber: 0,
      objectId: Number(dealId),
      changeSource: 'CRM_UI',
      propertyName: 'dealstage',
      propertyValue: stageId,
    };
  }

  /** A few realistic clients for the demo: each company has contacts on its domain and an open deal. */
  seedDemo(): void {
    const clients = [
      { name: 'Northwind Traders', domain: 'northwind.example', deal: 'Website rebuild', amount: '48000.00', people: [['Nancy', 'Davolio'], ['Andrew', 'Fuller']] },
      { name: 'Acme Robotics', domain: 'acme-robotics.example', deal: 'Brand refresh', amount: '22500.00', people: [['Wile', 'Coyote'], ['Road', 'Runner'], ['Marvin', 'Martian']] },
      { name: 'Globex Consulting', domain: 'globex.example', deal: 'Quarterly retainer', amount: '9000.00', people: [['Hank', 'Scorpio'], ['Homer', 'Simpson']] },
    ];
    for (const client of clients) {
      const company = this.addCompany({ name: client.name, domain: client.domain, hubspot_owner_id: this.owners[0]!.id });
      const contacts = client.people.map(([first, last]) =>
        this.addContact(company.id, { firstname: first!, lastname: last!, email: `${first!.toLowerCase()}.${last!.toLowerCase()}@${client.domain}` }),
      );
      this.addDeal(company.id, contacts.map((c) => c.id), { dealname: client.deal, amount: client.amount, dealstage: 'presentationscheduled', closedate: new Date(this.now() + 14 * 86_400_000).toISOString(), hubspot_owner_id: this.owners[0]!.id });
    }
  }

  /** n synthetic companies, each with two contacts and a deal, spread over time (benchmarks). */
  generate(n: number): void {
    const start = this.now() - n * 1000;
    for (let i = 0; i < n; i++) {
      const at = start + i * 1000;
      const company = this.put('companies', fakeCompany(this.newId(), at, { name: `Generated Company ${i}`, domain: `gen${i}.example` }));
      const contacts = [0, 1].map((k) => this.put('contacts', fakeContact(this.newId(), at, { email: `person${k}@gen${i}.example`, associatedcompanyid: company.id })));
      const deal = this.put('deals', fakeDeal(this.newId(), at, { dealname: `Generated deal ${i}`, hubspot_owner_id: this.owners[0]!.id }));
      this.dealLinks.companies.set(deal.id, [company.id]);
      this.dealLinks.contacts.set(deal.id, contacts.map((c) => c.id));
    }
  }

  private put(type: EmulatedType, object: FakeObject): FakeObject {
    this.objects[type].set(object.id, object);
    return object;
  }

  private newId(): string {
    return String(this.nextId++);
  }
}
