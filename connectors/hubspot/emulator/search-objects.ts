import { Router } from 'express';
import { normalizeObjectType } from './crm-object-types.js';
import type { CrmObjectType } from './crm-object-types.js';
import type { CrmRecord, HubSpotEmulatorStore } from './emulator-store.js';
import { sendValidationError } from './hubspot-errors.js';
import { objectView } from './object-views.js';
import { asArray, asObject, asString } from './request-values.js';

/** HubSpot's search will not page past its 10 000th result: clients must narrow the filter instead. */
export const SEARCH_RESULT_CEILING = 10_000;
export const MAX_SEARCH_LIMIT = 200;
const DEFAULT_SEARCH_LIMIT = 10;
const MAX_FILTER_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 6;
const MAX_FILTERS = 18;

const OPERATORS = ['EQ', 'NEQ', 'GT', 'GTE', 'LT', 'LTE', 'IN', 'NOT_IN', 'BETWEEN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN'] as const;
type Operator = (typeof OPERATORS)[number];

interface Filter {
  propertyName: string;
  operator: Operator;
  value?: string;
  values?: string[];
  highValue?: string;
}

export interface SearchRequest {
  filterGroups: Filter[][];
  sort: { propertyName: string; descending: boolean };
  properties: string[];
  limit: number;
  after: number;
  query?: string;
}

/** Properties the free-text `query` looks in, roughly HubSpot's default searchable ones. */
const QUERY_PROPERTIES: Record<CrmObjectType, readonly string[]> = {
  companies: ['name', 'domain', 'website', 'phone'],
  contacts: ['firstname', 'lastname', 'email', 'phone', 'company'],
  deals: ['dealname'],
  tickets: ['subject', 'content'],
  emails: ['hs_email_subject', 'hs_email_text'],
  notes: ['hs_note_body'],
  quotes: ['hs_title'],
};

export function searchObjectsRoutes(store: HubSpotEmulatorStore): Router {
  const router = Router();
  router.post('/crm/v3/objects/:objectType/search', (req, res) => {
    const type = normalizeObjectType(req.params.objectType);
    if (!type) return sendValidationError(res, `Unable to infer object type from: ${req.params.objectType}`);
    const request = parseSearchRequest(req.body);
    if (typeof request === 'string') return sendValidationError(res, request);
    if (request.after + request.limit > SEARCH_RESULT_CEILING) {
      return sendValidationError(res, `There was a problem with the request. Search cannot page past ${SEARCH_RESULT_CEILING} results (after=${request.after}, limit=${request.limit}).`);
    }
    const { total, page, nextAfter } = indexedSearch(store, type, request);
    res.json({
      total,
      results: page.map((record) => objectView(type, record, request.properties)),
      ...(nextAfter === undefined ? {} : { paging: { next: { after: String(nextAfter), link: `?after=${nextAfter}` } } }),
    });
  });
  return router;
}

/** The request body, validated as HubSpot does, or the message of the 400 it would answer. */
export function parseSearchRequest(raw: unknown): SearchRequest | string {
  const body = asObject(raw) ?? {};
  const groups = asArray(body.filterGroups);
  if (groups.length > MAX_FILTER_GROUPS) return `Too many filter groups: at most ${MAX_FILTER_GROUPS} are allowed.`;
  const filterGroups: Filter[][] = [];
  let filterCount = 0;
  for (const group of groups) {
    const filters = asArray(asObject(group)?.filters);
    if (filters.length > MAX_FILTERS_PER_GROUP) return `Too many filters in a group: at most ${MAX_FILTERS_PER_GROUP} are allowed.`;
    filterCount += filters.length;
    const parsed: Filter[] = [];
    for (const filter of filters) {
      const result = parseFilter(filter);
      if (typeof result === 'string') return result;
      parsed.push(result);
    }
    filterGroups.push(parsed);
  }
  if (filterCount > MAX_FILTERS) return `Too many filters: at most ${MAX_FILTERS} are allowed.`;

  const limit = body.limit === undefined || body.limit === null ? DEFAULT_SEARCH_LIMIT : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_SEARCH_LIMIT) return `limit must be an integer between 0 and ${MAX_SEARCH_LIMIT}, got ${String(body.limit)}`;
  const afterText = asString(body.after) ?? '0';
  // Search cursors are plain offsets; anything else (a cursor from another endpoint) is refused.
  if (!/^\d+$/.test(afterText)) return `after must be a numeric offset, got "${afterText}"`;

  const sort = parseSort(asArray(body.sorts)[0]);
  if (typeof sort === 'string') return sort;
  const properties = asArray(body.properties).map(asString).filter((name): name is string => name !== undefined && name !== '');
  const query = asString(body.query)?.trim();
  return { filterGroups, sort, properties, limit, after: Number(afterText), ...(query ? { query } : {}) };
}

function parseFilter(raw: unknown): Filter | string {
  const filter = asObject(raw);
  const propertyName = asString(filter?.propertyName);
  const operator = asString(filter?.operator)?.toUpperCase();
  if (!filter || !propertyName) return 'Each filter needs a propertyName.';
  if (!operator || !(OPERATORS as readonly string[]).includes(operator)) return `Unknown filter operator "${operator ?? ''}" for ${propertyName}.`;
  const value = asString(filter.value);
  const highValue = asString(filter.highValue);
  const values = Array.isArray(filter.values) ? filter.values.map(asString).filter((v): v is string => v !== undefined) : undefined;
  if ((operator === 'IN' || operator === 'NOT_IN') && !values) return `Operator ${operator} needs "values" (${propertyName}).`;
  if (operator === 'BETWEEN' && (value === undefined || highValue === undefined)) return `Operator BETWEEN needs "value" and "highValue" (${propertyName}).`;
  if (!['IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY'].includes(operator) && value === undefined) return `Operator ${operator} needs a "value" (${propertyName}).`;
  return { propertyName, operator: operator as Operator, value, values, highValue };
}

const DEFAULT_SORT: SearchRequest['sort'] = { propertyName: 'hs_object_id', descending: false };

/**
 * `{propertyName, direction}` as documented, or a bare property name (ascending), the form the
 * SDK's `sorts: string[]` typing invites. A JSON-stringified sort object is not understood by
 * HubSpot (hubspot-api-nodejs#14: results come back unsorted), so here it falls back to the default order.
 */
function parseSort(raw: unknown): SearchRequest['sort'] | string {
  if (raw === undefined) return DEFAULT_SORT;
  if (typeof raw === 'string') {
    if (raw.trim().startsWith('{')) return DEFAULT_SORT;
    return raw.trim() === '' ? 'A sort needs a propertyName.' : { propertyName: raw.trim(), descending: false };
  }
  const object = asObject(raw);
  const propertyName = asString(object?.propertyName);
  if (!propertyName) return 'Each sort needs a propertyName.';
  const direction = (asString(object?.direction) ?? 'ASCENDING').toUpperCase();
  if (direction !== 'ASCENDING' && direction !== 'DESCENDING') return `Invalid sort direction "${direction}".`;
  return { propertyName, descending: direction === 'DESCENDING' };
}

type Comparable = number | string;

const NUMBER = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Dates compare as instants whether written as epoch ms ("1700000000000") or ISO strings,
 * numbers as numbers, everything else as case-insensitive text (HubSpot's EQ ignores case).
 */
function comparable(value: string): Comparable {
  if (NUMBER.test(value)) return Number(value);
  if (ISO_DATE.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  return value.toLowerCase();
}

function compare(a: Comparable, b: Comparable): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function matches(record: CrmRecord, filter: Filter): boolean {
  const raw = record.properties[filter.propertyName];
  const present = raw !== undefined && raw !== null && raw !== '';
  const value = present ? comparable(raw) : undefined;
  const equalsOne = (other: string) => value !== undefined && compare(value, comparable(other)) === 0;
  const against = filter.value === undefined ? undefined : comparable(filter.value);
  const ordered = (test: (order: number) => boolean) => value !== undefined && against !== undefined && test(compare(value, against));
  switch (filter.operator) {
    case 'EQ':
      return filter.value !== undefined && equalsOne(filter.value);
    case 'NEQ':
      return !(filter.value !== undefined && equalsOne(filter.value));
    case 'GT':
      return ordered((order) => order > 0);
    case 'GTE':
      return ordered((order) => order >= 0);
    case 'LT':
      return ordered((order) => order < 0);
    case 'LTE':
      return ordered((order) => order <= 0);
    case 'IN':
      return (filter.values ?? []).some(equalsOne);
    case 'NOT_IN':
      return !(filter.values ?? []).some(equalsOne);
    case 'BETWEEN':
      return ordered((order) => order >= 0) && value !== undefined && filter.highValue !== undefined && compare(value, comparable(filter.highValue)) <= 0;
    case 'HAS_PROPERTY':
      return present;
    case 'NOT_HAS_PROPERTY':
      return !present;
    case 'CONTAINS_TOKEN':
      return present && containsToken(raw, filter.value ?? '');
    case 'NOT_CONTAINS_TOKEN':
      return !(present && containsToken(raw, filter.value ?? ''));
  }
}

function containsToken(text: string, token: string): boolean {
  const needle = token.replace(/\*/g, '').toLowerCase();
  return needle === '' || text.toLowerCase().includes(needle);
}

/** Filter groups are ORed, filters inside a group ANDed; one sort, ties broken by id; offset paging. */
export function searchRecords(
  type: CrmObjectType,
  records: Iterable<CrmRecord>,
  request: SearchRequest,
): { total: number; page: CrmRecord[]; nextAfter?: number } {
  const query = request.query?.toLowerCase();
  const keyed: { record: CrmRecord; key: Comparable | undefined; id: number }[] = [];
  for (const record of records) {
    if (request.filterGroups.length > 0 && !request.filterGroups.some((group) => group.every((filter) => matches(record, filter)))) continue;
    if (query && !QUERY_PROPERTIES[type].some((name) => record.properties[name]?.toLowerCase().includes(query))) continue;
    const raw = record.properties[request.sort.propertyName];
    keyed.push({ record, key: raw === undefined || raw === null || raw === '' ? undefined : comparable(raw), id: Number(record.id) });
  }
  const direction = request.sort.descending ? -1 : 1;
  keyed.sort((a, b) => {
    // Records without the sort property go last either way.
    if (a.key === undefined || b.key === undefined) return a.key === b.key ? a.id - b.id : a.key === undefined ? 1 : -1;
    return direction * compare(a.key, b.key) || a.id - b.id;
  });
  const end = request.after + request.limit;
  return {
    total: keyed.length,
    page: keyed.slice(request.after, end).map((entry) => entry.record),
    ...(end < keyed.length ? { nextAfter: end } : {}),
  };
}

type Keyed = { record: CrmRecord; key: Comparable | undefined; id: number };

function keyOf(record: CrmRecord, propertyName: string): Comparable | undefined {
  const raw = record.properties[propertyName];
  return raw === undefined || raw === null || raw === '' ? undefined : comparable(raw);
}

function byKeyThenId(direction: 1 | -1): (a: Keyed, b: Keyed) => number {
  return (a, b) => {
    // Records without the sort property go last either way; ties by id, ascending.
    if (a.key === undefined || b.key === undefined) return a.key === b.key ? a.id - b.id : a.key === undefined ? 1 : -1;
    return direction * compare(a.key, b.key) || a.id - b.id;
  };
}

/**
 * Per store: each (type, sort property) sorted once per store version, and the last few searches'
 * matches, so the pages of one search (and the hub's re-anchored windows) do not filter and sort a
 * 1 M-record store again each time. A search whose only filters are GT/GTE on its ascending sort
 * property (the hub's incremental window) starts by bisection instead of filtering at all.
 */
const indexes = new WeakMap<HubSpotEmulatorStore, { sorted: Map<string, { version: number; size: number; entries: Keyed[]; defined: number }>; results: Map<string, { total: number; records: CrmRecord[] }> }>();

function sortedBy(store: HubSpotEmulatorStore, type: CrmObjectType, propertyName: string, descending: boolean) {
  let cache = indexes.get(store);
  if (!cache) indexes.set(store, (cache = { sorted: new Map(), results: new Map() }));
  const key = `${type}:${propertyName}:${descending ? 'desc' : 'asc'}`;
  const found = cache.sorted.get(key);
  if (found && found.version === store.version && found.size === store.count(type)) return found;
  const entries: Keyed[] = [];
  for (const record of store.all(type)) entries.push({ record, key: keyOf(record, propertyName), id: Number(record.id) });
  entries.sort(byKeyThenId(descending ? -1 : 1));
  let defined = entries.length;
  while (defined > 0 && entries[defined - 1]!.key === undefined) defined--;
  const built = { version: store.version, size: store.count(type), entries, defined };
  cache.sorted.set(key, built);
  cache.results.clear();
  return built;
}

export function indexedSearch(store: HubSpotEmulatorStore, type: CrmObjectType, request: SearchRequest): { total: number; page: CrmRecord[]; nextAfter?: number } {
  const index = sortedBy(store, type, request.sort.propertyName, request.sort.descending);
  const end = request.after + request.limit;
  const range = request.sort.descending || request.query || request.filterGroups.length !== 1 ? null : request.filterGroups[0]!;
  if (range && range.length > 0 && range.every((filter) => filter.propertyName === request.sort.propertyName && (filter.operator === 'GT' || filter.operator === 'GTE') && filter.value !== undefined)) {
    let start = 0;
    for (const filter of range) {
      const bound = comparable(filter.value!);
      let low = 0;
      let high = index.defined;
      while (low < high) {
        const mid = (low + high) >> 1;
        const order = compare(index.entries[mid]!.key!, bound);
        if (filter.operator === 'GT' ? order <= 0 : order < 0) low = mid + 1;
        else high = mid;
      }
      start = Math.max(start, low);
    }
    const total = index.defined - start;
    const page = index.entries.slice(start + request.after, Math.min(start + end, index.defined)).map((entry) => entry.record);
    return { total, page, ...(end < total ? { nextAfter: end } : {}) };
  }
  const cache = indexes.get(store)!;
  const resultKey = JSON.stringify([type, request.filterGroups, request.sort, request.query ?? null]);
  let result = cache.results.get(resultKey);
  if (!result) {
    const query = request.query?.toLowerCase();
    const records: CrmRecord[] = [];
    for (const { record } of index.entries) {
      if (request.filterGroups.length > 0 && !request.filterGroups.some((group) => group.every((filter) => matches(record, filter)))) continue;
      if (query && !QUERY_PROPERTIES[type].some((name) => record.properties[name]?.toLowerCase().includes(query))) continue;
      records.push(record);
    }
    result = { total: records.length, records };
    if (cache.results.size >= 8) cache.results.delete(cache.results.keys().next().value!);
    cache.results.set(resultKey, result);
  }
  return { total: result.total, page: result.records.slice(request.after, end), ...(end < result.total ? { nextAfter: end } : {}) };
}
