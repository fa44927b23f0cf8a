import { searchResponse, type FakeObject } from './hubspot-payloads.js';

export interface SearchRequestBody {
  filterGroups?: { filters: { propertyName: string; operator: string; value?: string }[] }[];
  sorts?: (string | { propertyName: string; direction?: string })[];
  limit?: number;
  after?: string;
}

/** HubSpot's search refuses offsets past its 10 000th result. */
export const HUBSPOT_SEARCH_CEILING = 10_000;

function comparable(object: FakeObject, property: string): number | string {
  const value = property === 'hs_object_id' ? object.id : object.properties[property];
  if (value == null) return '';
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? value : date;
}

/**
 * What POST /crm/v3/objects/{type}/search answers: filters (OR of ANDed groups), one sort,
 * offset paging with an `after` token, and a 400 past the 10 000-result ceiling.
 */
export function searchLikeHubSpot(objects: Iterable<FakeObject>, body: SearchRequestBody): { status: number; body: unknown } {
  const groups = body.filterGroups?.length ? body.filterGroups : [{ filters: [] }];
  const matching = [...objects].filter((o) =>
    groups.some((g) =>
      g.filters.every((f) => {
        const left = comparable(o, f.propertyName);
        const right = /^\d+$/.test(f.value ?? '') ? Number(f.value) : Date.parse(f.value ?? '') || (f.value ?? '');
        switch (f.operator) {
          case 'EQ': return left === right;
          case 'NEQ': return left !== right;
          case 'GT': return left > right;
          case 'GTE': return left >= right;
          case 'LT': return left < right;
          case 'LTE': return left <= right;
          default: return false;
        }
      }),
    ),
  );
  const sort = body.sorts?.[0];
  const sortProperty = typeof sort === 'string' ? sort.replace(/^-/, '') : sort?.propertyName ?? 'hs_object_id';
  const descending = typeof sort === 'string' ? sort.startsWith('-') : sort?.direction === 'DESCENDING';
  matching.sort((a, b) => {
    const x = comparable(a, sortProperty);
    const y = comparable(b, sortProperty);
    const order = x < y ? -1 : x > y ? 1 : Number(a.id) - Number(b.id);
    return descending ? -order : order;
  });
  const limit = Math.min(body.limit ?? 10, 200);
  const offset = Number(body.after ?? 0);
  if (offset + limit > HUBSPOT_SEARCH_CEILING) {
    return { status: 400, body: { status: 'error', message: 'There was a problem with the request.', category: 'VALIDATION_ERROR', correlationId: 'emulated' } };
  }
  const after = offset + limit < matching.length ? String(offset + limit) : undefined;
  return { status: 200, body: searchResponse(matching.slice(offset, offset + limit), matching.length, after) };
}
