import { describe, expect, it } from 'vitest';
import { HubSpotEmulatorStore } from './emulator-store.js';
import { indexedSearch, parseSearchRequest, searchRecords, type SearchRequest } from './search-objects.js';

function request(body: unknown): SearchRequest {
  const parsed = parseSearchRequest(body);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

const ids = (result: { total: number; page: { id: string }[]; nextAfter?: number }) => ({ total: result.total, ids: result.page.map((record) => record.id), nextAfter: result.nextAfter });

/** The indexed search answers exactly as a fresh filter-and-sort of the whole store would. */
describe('HubSpot emulator indexed search', () => {
  it('matches a full filter and sort for windows, other filters, descending order, and after changes', () => {
    const store = new HubSpotEmulatorStore({ now: () => Date.parse('2026-11-01T00:00:00Z') });
    store.generate(300, { spacingMs: 10 });
    const contacts = [...store.all('contacts')];
    const middle = contacts[250]!.properties.lastmodifieddate!;
    const bodies = [
      { sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }], limit: 200 },
      { filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(Date.parse(middle)) }] }], sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }], limit: 100, after: '100' },
      { filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GT', value: middle }] }], sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }], limit: 50 },
      { filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'EQ', value: middle }, { propertyName: 'hs_object_id', operator: 'GT', value: '0' }] }], sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }], limit: 10 },
      { sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }], limit: 30, after: '20' },
      { query: 'person', limit: 15 },
    ];
    const check = () => {
      for (const body of bodies) expect(ids(indexedSearch(store, 'contacts', request(body)))).toEqual(ids(searchRecords('contacts', store.all('contacts'), request(body))));
    };
    check();
    // A change moves a record to the end of the modified order: the index follows.
    store.update('contacts', contacts[3]!.id, { jobtitle: 'Director' });
    store.createContact({ firstname: 'Late', lastname: 'Comer', email: 'late@example.com' });
    check();
    const all = indexedSearch(store, 'contacts', request(bodies[0]));
    expect(all.total).toBe(601);
  });
});
