import { describe, expect, it } from 'vitest';
import { CUSTOM_PIPELINE_ID, DEFAULT_OWNER, HubSpotEmulatorStore } from './emulator-store.js';
import { T0, testClock } from './emulator-test-support.js';

describe('HubSpotEmulatorStore', () => {
  it('stamps records from its injected clock and moves only the modification time on update', () => {
    const clock = testClock();
    const store = new HubSpotEmulatorStore({ now: clock.now });
    const contact = store.createContact({ email: 'ana@example.com' });
    expect(contact).toMatchObject({
      createdAt: new Date(T0).toISOString(),
      updatedAt: new Date(T0).toISOString(),
      archived: false,
      properties: { hs_object_id: contact.id, createdate: new Date(T0).toISOString(), lastmodifieddate: new Date(T0).toISOString(), hs_lastmodifieddate: new Date(T0).toISOString() },
    });

    clock.advance(60_000);
    store.update('contacts', contact.id, { firstname: 'Ana' });
    const later = new Date(T0 + 60_000).toISOString();
    expect(store.get('contacts', contact.id)).toMatchObject({
      createdAt: new Date(T0).toISOString(),
      updatedAt: later,
      properties: { firstname: 'Ana', createdate: new Date(T0).toISOString(), lastmodifieddate: later, hs_lastmodifieddate: later },
    });
  });

  it('still takes the clock as its only argument (the older form)', () => {
    const store = new HubSpotEmulatorStore(() => T0);
    expect(store.createCompany({ name: 'Old style' }).createdAt).toBe(new Date(T0).toISOString());
  });

  it('derives closed/won from the stage, for numeric custom-pipeline stages too', () => {
    const store = new HubSpotEmulatorStore({ now: () => T0 });
    const deal = store.createDeal({ dealname: 'Renewal', dealstage: '1029384756' });
    expect(deal.properties).toMatchObject({ pipeline: CUSTOM_PIPELINE_ID, hs_is_closed: 'false', hs_is_closed_won: 'false' });
    store.update('deals', deal.id, { dealstage: '1029384758' });
    expect(deal.properties).toMatchObject({ hs_is_closed: 'true', hs_is_closed_won: 'true', hs_deal_stage_probability: '1.0' });
    store.update('deals', deal.id, { dealstage: 'closedlost' });
    expect(deal.properties).toMatchObject({ pipeline: 'default', hs_is_closed: 'true', hs_is_closed_won: 'false' });
  });

  it('links both ways; the first company is primary and shows as associatedcompanyid', () => {
    const store = new HubSpotEmulatorStore();
    const first = store.createCompany({ name: 'First' });
    const second = store.createCompany({ name: 'Second' });
    const contact = store.createContact({ email: 'x@first.example' }, { companyId: first.id });
    store.associate('contacts', contact.id, 'companies', second.id);
    expect(store.associations('contacts', contact.id, 'companies')).toEqual([
      { toId: first.id, primary: true },
      { toId: second.id, primary: false },
    ]);
    expect(store.associations('companies', first.id, 'contacts')).toEqual([{ toId: contact.id, primary: true }]);
    expect(contact.properties.associatedcompanyid).toBe(first.id);
    expect(() => store.associate('contacts', contact.id, 'companies', '999999')).toThrow(/no company 999999/);
  });

  it('seeds the demo: three companies, people on their domains, one open deal each with an owner', () => {
    const store = new HubSpotEmulatorStore({ now: () => T0 });
    const seed = store.seedDemo();
    expect([...store.objects.companies.values()].map((c) => c.properties.name)).toEqual(['Northwind Traders', 'Acme Robotics', 'Globex Consulting']);
    expect(seed).toMatchObject({ ownerId: DEFAULT_OWNER.id });
    expect(store.count('contacts')).toBe(7);
    for (const companyId of seed.companyIds) {
      const domain = store.get('companies', companyId)!.properties.domain!;
      const people = store.associations('companies', companyId, 'contacts');
      expect(people.length).toBeGreaterThanOrEqual(2);
      for (const person of people) expect(store.get('contacts', person.toId)!.properties.email).toMatch(new RegExp(`@${domain.replace('.', '\\.')}$`));
    }
    for (const dealId of seed.dealIds) {
      const deal = store.get('deals', dealId)!;
      expect(deal.properties).toMatchObject({ hs_is_closed: 'false', hubspot_owner_id: DEFAULT_OWNER.id });
      expect(Number(deal.properties.amount)).toBeGreaterThan(0);
      expect(Date.parse(deal.properties.closedate!)).toBeGreaterThan(T0);
      expect(store.associations('deals', dealId, 'companies')).toHaveLength(1);
    }
  });

  it('moves a deal to a stage and returns the dealstage propertyChange event HubSpot would send', () => {
    const clock = testClock();
    const store = new HubSpotEmulatorStore({ now: clock.now, portalId: 62515, appId: 3001 });
    const { dealIds } = store.seedDemo();
    const globex = dealIds[2]!;
    clock.advance(5_000);
    const event = store.moveDealToStage(globex, 'closedwon');
    expect(event).toEqual({
      eventId: expect.any(Number),
      subscriptionId: expect.any(Number),
      portalId: 62515,
      appId: 3001,
      occurredAt: T0 + 5_000,
      subscriptionType: 'deal.propertyChange',
      attemptNumber: 0,
      objectId: Number(globex),
      changeSource: 'CRM_UI',
      propertyName: 'dealstage',
      propertyValue: 'closedwon',
    });
    // The stage lives in another pipeline than the deal's: the deal follows it there.
    expect(store.get('deals', globex)!.properties).toMatchObject({ pipeline: 'default', hs_is_closed_won: 'true', hs_lastmodifieddate: new Date(T0 + 5_000).toISOString() });
    expect(store.moveDealToStage(globex, 'closedlost').eventId).toBe(event.eventId + 1);
    expect(() => store.moveDealToStage(globex, 'nope')).toThrow(/unknown deal stage/);
    expect(store.creationEvent('contacts', store.objects.contacts.keys().next().value!)).toMatchObject({ subscriptionType: 'contact.creation', changeFlag: 'CREATED' });
  });

  it('generates n companies with two contacts and a deal each, spaced in time up to now', () => {
    const store = new HubSpotEmulatorStore({ now: () => T0 });
    const ids = store.generate(50, { spacingMs: 1000 });
    expect([ids.companyIds.length, ids.contactIds.length, ids.dealIds.length]).toEqual([50, 100, 50]);
    const deals = ids.dealIds.map((id) => store.get('deals', id)!);
    expect(deals[0]!.properties.hs_lastmodifieddate).toBe(new Date(T0 - 49_000).toISOString());
    expect(deals[49]!.properties.hs_lastmodifieddate).toBe(new Date(T0).toISOString());
    expect(store.associations('deals', ids.dealIds[0]!, 'contacts')).toHaveLength(2);
    expect(new Set([...store.objects.deals.keys(), ...store.objects.contacts.keys(), ...store.objects.companies.keys()]).size).toBe(200);
  });
});
