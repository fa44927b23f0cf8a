/**
 * How Asana answers: `{ data }` for one record (full by default), `{ data: [...], next_page }` for
 * lists (compact records by default), `opt_fields` choosing fields with dotted paths into
 * references (`memberships.section.name`, `assignee.email`), and `limit` (1–100) with an opaque
 * `offset` whose next_page carries `offset`, `path` and `uri`.
 */
import type { Request } from 'express';
import type { AsanaEmulatorStore, AsanaRecord } from './asana-emulator-store.js';

export class AsanaError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const COMPACT_FIELDS: Record<string, string[]> = {
  task: ['name', 'resource_subtype'],
  project: ['name'],
  section: ['name'],
  user: ['name'],
  workspace: ['name'],
  team: ['name'],
  tag: ['name'],
  custom_field: ['name', 'resource_subtype', 'type', 'enum_options', 'enabled', 'representation_type', 'is_formula_field', 'is_value_read_only'],
  status_update: ['title', 'resource_subtype'],
  webhook: ['active', 'resource', 'target'],
};

export function optFields(req: Request): string[] | null {
  const raw = req.query.opt_fields;
  if (raw === undefined) return null;
  return (Array.isArray(raw) ? raw : [raw]).flatMap((value) => String(value).split(',')).map((field) => field.trim()).filter(Boolean);
}

export function compactOf(record: Record<string, unknown>): Record<string, unknown> {
  const fields = COMPACT_FIELDS[String(record.resource_type)] ?? ['name'];
  const out: Record<string, unknown> = { gid: record.gid, resource_type: record.resource_type };
  for (const field of fields) if (record[field] !== undefined) out[field] = record[field];
  return out;
}

/** Picks dotted paths out of a record; references are looked up in the store when asked for fields they do not carry. */
export function select(store: AsanaEmulatorStore, record: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (record.gid !== undefined) out.gid = record.gid;
  if (record.resource_type !== undefined) out.resource_type = record.resource_type;
  const grouped = new Map<string, string[]>();
  for (const path of paths) {
    const [head, ...rest] = path.split('.');
    if (!head) continue;
    const list = grouped.get(head) ?? [];
    if (rest.length > 0) list.push(rest.join('.'));
    grouped.set(head, list);
  }
  for (const [field, rest] of grouped) {
    if (!(field in record)) continue;
    const value = record[field];
    out[field] = rest.length === 0 ? shallow(value) : descend(store, value, rest);
  }
  return out;
}

/** A reference asked for without sub-fields comes back as { gid, resource_type }. */
function shallow(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shallow);
  if (value && typeof value === 'object' && 'gid' in value && 'resource_type' in value) return { gid: (value as AsanaRecord).gid, resource_type: (value as AsanaRecord).resource_type };
  return value;
}

function descend(store: AsanaEmulatorStore, value: unknown, paths: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => descend(store, item, paths));
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const full = typeof object.gid === 'string' ? { ...(store.get(object.gid) ?? {}), ...object } : object;
  return select(store, full, paths);
}

export function present(store: AsanaEmulatorStore, record: AsanaRecord, fields: string[] | null, compactByDefault: boolean): Record<string, unknown> {
  if (fields) return select(store, record, fields);
  return compactByDefault ? compactOf(record) : structuredClone(record);
}

interface OffsetToken {
  i: number;
  k: string;
}

/** One page of a list; the offset token is bound to the listing it came from. */
export function paginate(req: Request, items: AsanaRecord[], fields: string[] | null, store: AsanaEmulatorStore, basePath: string): { data: Record<string, unknown>[]; next_page?: { offset: string; path: string; uri: string } | null } {
  const key = `${basePath}?${Object.entries(req.query).filter(([name]) => !['offset', 'limit', 'opt_fields', 'opt_pretty'].includes(name)).map(([name, value]) => `${name}=${String(value)}`).sort().join('&')}`;
  const limitRaw = req.query.limit;
  let start = 0;
  if (typeof req.query.offset === 'string') {
    let token: OffsetToken | null = null;
    try {
      token = JSON.parse(Buffer.from(req.query.offset, 'base64url').toString('utf8')) as OffsetToken;
    } catch {
      token = null;
    }
    if (!token || token.k !== key || !Number.isInteger(token.i)) throw new AsanaError(400, 'offset: Your pagination token is invalid.');
    start = token.i;
  }
  if (limitRaw === undefined) return { data: items.slice(start).map((item) => present(store, item, fields, true)) };
  const limit = Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new AsanaError(400, `limit: Must be between 1 and 100, got ${String(limitRaw)}`);
  const page = items.slice(start, start + limit);
  if (start + limit >= items.length) return { data: page.map((item) => present(store, item, fields, true)), next_page: null };
  const offset = Buffer.from(JSON.stringify({ i: start + limit, k: key } satisfies OffsetToken)).toString('base64url');
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(req.query)) if (name !== 'offset') params.set(name, String(value));
  params.set('offset', offset);
  const path = `${basePath}?${params.toString()}`;
  return { data: page.map((item) => present(store, item, fields, true)), next_page: { offset, path, uri: `${req.protocol}://${req.get('host')}/api/1.0${path}` } };
}
