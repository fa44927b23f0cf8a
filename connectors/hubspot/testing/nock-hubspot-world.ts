import nock from 'nock';
import { associationsResponse, batchReadResponse, fakeCompany, fakeContact, fakeDeal, ownersResponse, pipelinesResponse, searchResponse, type FakeObject } from './hubspot-payloads.js';

export interface WorldDeal {
  dealId: string;
  dealName: string;
  amount: string;
  stage: string;
  companyId: string;
  companyName: string;
  contacts: { id: string; email: string | null; firstName: string; lastName: string }[];
  modifiedMs: number;
}

/**
 * A HubSpot account faked with nock from a list of deals: batch reads, associations,
 * search, pipelines and owners answer from it as HubSpot's API would.
 */
export function nockHubSpotWorld(baseUrl: string, deals: WorldDeal[]) {
  const objects = { deals: new Map<string, FakeObject>(), companies: new Map<string, FakeObject>(), contacts: new Map<string, FakeObject>() };
  const links = { companies: new Map<string, string[]>(), contacts: new Map<string, string[]>() };
  for (const d of deals) {
    objects.deals.set(d.dealId, fakeDeal(d.dealId, d.modifiedMs, { dealname: d.dealName, amount: d.amount, dealstage: d.stage }));
    objects.companies.set(d.companyId, fakeCompany(d.companyId, d.modifiedMs, { name: d.companyName }));
    for (const c of d.contacts) {
      objects.contacts.set(c.id, fakeContact(c.id, d.modifiedMs, { email: c.email, firstname: c.firstName, lastname: c.lastName, associatedcompanyid: d.companyId }));
    }
    links.companies.set(d.dealId, [d.companyId]);
    links.contacts.set(d.dealId, d.contacts.map((c) => c.id));
  }
  const scope = nock(baseUrl).persist();
  scope.get('/crm/v3/pipelines/deals').reply(200, pipelinesResponse());
  scope.get(/\/crm\/v3\/owners\/\d+/).query(true).reply(200, ownersResponse().results[0]);
  scope.get('/crm/v3/owners/').query(true).reply(200, ownersResponse());
  scope
    .post(/\/crm\/v3\/objects\/(deals|companies|contacts)\/batch\/read/)
    .query(true)
    .reply((uri, body) => {
      const type = /objects\/(\w+)\/batch/.exec(uri)![1] as keyof typeof objects;
      const ids = (body as { inputs: { id: string }[] }).inputs.map((i) => i.id);
      return [200, batchReadResponse(ids.map((id) => objects[type].get(id)).filter((o): o is FakeObject => o !== undefined))];
    });
  scope.post(/\/crm\/v3\/objects\/(deals|companies|contacts)\/search/).reply((uri) => {
    const type = /objects\/(\w+)\/search/.exec(uri)![1] as keyof typeof objects;
    return [200, searchResponse([...objects[type].values()], objects[type].size)];
  });
  scope.post(/\/crm\/v4\/associations\/deals\/(companies|contacts)\/batch\/read/).reply((uri, body) => {
    const to = /deals\/(\w+)\/batch/.exec(uri)![1] as keyof typeof links;
    const ids = (body as { inputs: { id: string }[] }).inputs.map((i) => i.id);
    return [200, associationsResponse(Object.fromEntries(ids.map((id) => [id, links[to].get(id) ?? []])))];
  });
  return scope;
}
