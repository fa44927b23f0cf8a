/**
 * Stripe list semantics: newest first, `limit` 1–100 (default 10), cursors `starting_after` /
 * `ending_before` naming an object id, `has_more`, `created` as a number or as
 * `created[gt|gte|lt|lte]`, and `expand` paths (`data.customer`, `payments`, `data.payments`...).
 */
import type { StripeEmulatorStore } from './stripe-emulator-store.js';
import type { StripeObject } from './stripe-objects.js';

export class StripeRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; message: string; code?: string; param?: string },
  ) {
    super(body.message);
  }
}

export function invalidParam(param: string, message: string): StripeRequestError {
  return new StripeRequestError(400, { type: 'invalid_request_error', code: 'parameter_invalid', param, message });
}

export function resourceMissing(kind: string, id: string, param = 'id'): StripeRequestError {
  return new StripeRequestError(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${kind}: '${id}'` });
}

type Query = Record<string, unknown>;

function integer(value: unknown, param: string): number {
  const number = Number(value);
  if (typeof value === 'object' || value === '' || !Number.isInteger(number)) throw invalidParam(param, `Invalid integer: ${String(value)}`);
  return number;
}

/** created=ts, or created[gt]=ts & created[lte]=ts... */
export function createdFilter(value: unknown): (created: number) => boolean {
  if (value === undefined) return () => true;
  if (typeof value !== 'object' || value === null) {
    const exact = integer(value, 'created');
    return (created) => created === exact;
  }
  const bounds = value as Record<string, unknown>;
  for (const key of Object.keys(bounds)) if (!['gt', 'gte', 'lt', 'lte'].includes(key)) throw new StripeRequestError(400, { type: 'invalid_request_error', code: 'parameter_unknown', param: `created[${key}]`, message: `Received unknown parameter: created[${key}]` });
  const gt = bounds.gt === undefined ? -Infinity : integer(bounds.gt, 'created[gt]');
  const gte = bounds.gte === undefined ? -Infinity : integer(bounds.gte, 'created[gte]');
  const lt = bounds.lt === undefined ? Infinity : integer(bounds.lt, 'created[lt]');
  const lte = bounds.lte === undefined ? Infinity : integer(bounds.lte, 'created[lte]');
  return (created) => created > gt && created >= gte && created < lt && created <= lte;
}

/**
 * One page of `items` (or of a collection already sorted newest first, with each id's position: a
 * 1 M-object listing then costs a page's worth per request, not a sort of everything).
 */
export function listOf(store: StripeEmulatorStore, items: StripeObject[] | { items: StripeObject[]; position: Map<string, number> }, query: Query, url: string): Record<string, unknown> {
  const limit = query.limit === undefined ? 10 : integer(query.limit, 'limit');
  if (limit < 1 || limit > 100) throw invalidParam('limit', 'This value must be greater than or equal to 1 and less than or equal to 100.');
  const inCreated = createdFilter(query.created);
  const presorted = !Array.isArray(items) && query.created === undefined ? items : null;
  const sorted = presorted
    ? presorted.items
    : (Array.isArray(items) ? items : items.items).filter((item) => inCreated(item.created)).sort((a, b) => b.created - a.created || (store.order.get(b.id) ?? 0) - (store.order.get(a.id) ?? 0));
  const indexOf = (id: string) => (presorted ? (presorted.position.get(id) ?? -1) : sorted.findIndex((item) => item.id === id));
  let page: StripeObject[];
  let hasMore: boolean;
  if (typeof query.ending_before === 'string') {
    const index = indexOf(query.ending_before);
    if (index < 0) throw resourceMissing('object', query.ending_before, 'ending_before');
    page = sorted.slice(Math.max(0, index - limit), index);
    hasMore = index - limit > 0;
  } else {
    let start = 0;
    if (typeof query.starting_after === 'string') {
      const index = indexOf(query.starting_after);
      if (index < 0) throw resourceMissing('object', query.starting_after, 'starting_after');
      start = index + 1;
    }
    page = sorted.slice(start, start + limit);
    hasMore = start + limit < sorted.length;
  }
  const expand = expansions(query).filter((path) => path.startsWith('data.')).map((path) => path.slice(5));
  return { object: 'list', data: page.map((item) => expandObject(store, structuredClone(item), expand)), has_more: hasMore, url };
}

export function expansions(query: Query): string[] {
  const raw = query.expand;
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : typeof raw === 'object' ? Object.values(raw as object) : [raw]).map(String);
}

/** Replaces ids by their objects along each path, and adds includable lists (an invoice's `payments`). */
export function expandObject(store: StripeEmulatorStore, object: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  for (const path of paths) expandPath(store, object, path.split('.'));
  return object;
}

function expandPath(store: StripeEmulatorStore, object: Record<string, unknown>, segments: string[]): void {
  const [head, ...rest] = segments;
  if (!head) return;
  if (head === 'data' && Array.isArray(object.data)) {
    for (const item of object.data as Record<string, unknown>[]) expandPath(store, item, rest);
    return;
  }
  if (head === 'payments' && object.object === 'invoice' && object.payments === undefined) {
    const payments = store.paymentsOf(String(object.id)).map((payment) => structuredClone(payment));
    object.payments = { object: 'list', data: payments, has_more: false, total_count: payments.length, url: `/v1/invoice_payments` };
  }
  let value = object[head];
  if (typeof value === 'string') {
    const found = store.get(value);
    if (!found && head === 'customer' && store.deletedCustomers.has(value)) value = { id: value, object: 'customer', deleted: true };
    else if (found) value = structuredClone(found);
    object[head] = value;
  }
  if (value && typeof value === 'object') expandPath(store, value as Record<string, unknown>, rest);
}
