import type { EmulatedSObject, SalesforceEmulatorStore, SObjectRecord } from './salesforce-emulator-store.js';

/** The fields each emulated object has (what describe reports and what SOQL may select). */
export const EMULATED_FIELDS: Record<Exclude<EmulatedSObject, 'OpportunityContactRole'>, string[]> = {
  User: ['Id', 'Name', 'Email', 'Title', 'IsActive', 'SystemModstamp', 'CreatedDate'],
  Account: ['Id', 'Name', 'Website', 'Phone', 'BillingCity', 'BillingCountry', 'OwnerId', 'SystemModstamp', 'CreatedDate'],
  Contact: ['Id', 'AccountId', 'Email', 'FirstName', 'LastName', 'Name', 'Phone', 'Title', 'HasOptedOutOfEmail', 'SystemModstamp', 'CreatedDate'],
  Opportunity: ['Id', 'Name', 'AccountId', 'StageName', 'IsClosed', 'IsWon', 'Amount', 'CloseDate', 'OwnerId', 'SystemModstamp', 'CreatedDate'],
  Case: ['Id', 'CaseNumber', 'Subject', 'Description', 'Status', 'IsClosed', 'Type', 'Origin', 'AccountId', 'ContactId', 'ClientHub_Action_Key__c', 'SystemModstamp', 'CreatedDate'],
  CaseComment: ['Id', 'ParentId', 'CommentBody', 'IsPublished', 'CreatedBy.Name', 'SystemModstamp', 'CreatedDate'],
};

export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE',
    message: string,
  ) {
    super(message);
  }
}

const ROLE_SUBQUERY = /^\(\s*SELECT\s+(.+?)\s+FROM\s+OpportunityContactRoles\s*\)$/i;
/** A Case's comments; `WHERE IsPublished = true` keeps the public ones (the only filter the emulator knows there). */
const COMMENT_SUBQUERY = /^\(\s*SELECT\s+(.+?)\s+FROM\s+CaseComments(\s+WHERE\s+IsPublished\s*=\s*true)?\s*\)$/i;

/**
 * Runs the SOQL the connector sends — SELECT fields [, (roles subquery)] FROM type
 * [WHERE SystemModstamp >= datetime | WHERE Id IN (...)] [ORDER BY SystemModstamp, Id] —
 * and answers anything else the way Salesforce does, with MALFORMED_QUERY or INVALID_FIELD.
 */
export function runSoql(store: SalesforceEmulatorStore, soql: string, options: { multiCurrency: boolean }): Record<string, unknown>[] {
  // Subqueries have FROM and WHERE of their own: blank them out (same length) before finding the outer ones.
  const trimmed = soql.trim();
  let depth = 0;
  const outer = trimmed.split('').map((char) => {
    if (char === '(') depth++;
    const masked = depth > 0 ? '_' : char;
    if (char === ')') depth--;
    return masked;
  }).join('');
  const outerMatch = /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+(.+?))?\s*$/isd.exec(outer);
  // The groups found on the masked text, read back from the real one (same positions).
  const match = outerMatch ? outerMatch.indices!.map((span) => (span ? trimmed.slice(span[0], span[1]) : undefined)) : null;
  if (!match) throw new SoqlError('MALFORMED_QUERY', `unexpected token in: ${soql.slice(0, 80)}`);
  const [, selectList, type, where, orderBy] = match as unknown as [string, string, string, string | undefined, string | undefined];
  if (!(type in EMULATED_FIELDS)) throw new SoqlError('INVALID_TYPE', `sObject type '${type}' is not supported.`);
  const known = [...EMULATED_FIELDS[type as keyof typeof EMULATED_FIELDS], ...(options.multiCurrency && type === 'Opportunity' ? ['CurrencyIsoCode'] : [])];
  const parts = splitSelect(selectList);
  let roleFields: string[] | null = null;
  let comments: { fields: string[]; publishedOnly: boolean } | null = null;
  const fields: string[] = [];
  for (const part of parts) {
    const sub = ROLE_SUBQUERY.exec(part);
    const commentSub = type === 'Case' ? COMMENT_SUBQUERY.exec(part) : null;
    if (commentSub) {
      const wanted = commentSub[1]!.split(',').map((f) => f.trim());
      for (const field of wanted) if (!EMULATED_FIELDS.CaseComment.includes(field)) throw new SoqlError('INVALID_FIELD', `No such column '${field}' on entity 'CaseComment'.`);
      comments = { fields: wanted, publishedOnly: Boolean(commentSub[2]) };
    } else if (sub && type === 'Opportunity') roleFields = sub[1]!.split(',').map((f) => f.trim());
    else if (!known.includes(part)) throw new SoqlError('INVALID_FIELD', `No such column '${part}' on entity '${type}'.`);
    else fields.push(part);
  }
  let rows = [...store.records[type as EmulatedSObject].values()];
  if (where) rows = rows.filter(predicate(where));
  if (orderBy) {
    if (!/^SystemModstamp\s*,\s*Id$/i.test(orderBy.trim())) throw new SoqlError('MALFORMED_QUERY', `ORDER BY ${orderBy} is not supported by the emulator`);
    rows.sort((a, b) => Date.parse(a.SystemModstamp) - Date.parse(b.SystemModstamp) || (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0));
  }
  return rows.map((row) => {
    const shaped = shape(store, type, row, fields, roleFields);
    if (comments) {
      const found = [...store.records.CaseComment.values()].filter((c) => c.ParentId === row.Id && (!comments!.publishedOnly || c.IsPublished === true));
      shaped.CaseComments = found.length
        ? { totalSize: found.length, done: true, records: found.map((c) => ({ attributes: { type: 'CaseComment', url: `/services/data/v62.0/sobjects/CaseComment/${c.Id}` }, ...Object.fromEntries(comments!.fields.map((f) => pickPath(c, f))) })) }
        : null;
    }
    return shaped;
  });
}

/** `CreatedBy.Name` comes back as `CreatedBy: { attributes, Name }`, as Salesforce nests relationship fields. */
function pickPath(row: SObjectRecord, field: string): [string, unknown] {
  const [head, ...rest] = field.split('.');
  if (rest.length === 0) return [head!, row[head!] ?? null];
  const related = row[head!] as Record<string, unknown> | undefined;
  return [head!, related ? { attributes: related.attributes, [rest[0]!]: related[rest[0]!] ?? null } : null];
}

function splitSelect(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of list) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function predicate(where: string): (row: SObjectRecord) => boolean {
  const since = /^SystemModstamp\s*>=\s*(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)$/i.exec(where.trim());
  if (since) {
    const at = Date.parse(since[1]!);
    return (row) => Date.parse(row.SystemModstamp) >= at;
  }
  const parents = /^ParentId\s+IN\s*\((.+)\)$/i.exec(where.trim());
  if (parents) {
    const wanted = parents[1]!.split(',').map((s) => s.trim().replace(/^'|'$/g, ''));
    return (row) => wanted.some((id) => String(row.ParentId ?? '') === id || String(row.ParentId ?? '').startsWith(id));
  }
  const ids = /^Id\s+IN\s*\((.+)\)$/i.exec(where.trim());
  if (ids) {
    const wanted = ids[1]!.split(',').map((s) => s.trim().replace(/^'|'$/g, ''));
    return (row) => wanted.some((id) => row.Id === id || row.Id.startsWith(id));
  }
  throw new SoqlError('MALFORMED_QUERY', `WHERE ${where} is not supported by the emulator`);
}

function shape(store: SalesforceEmulatorStore, type: string, row: SObjectRecord, fields: string[], roleFields: string[] | null): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type, url: `/services/data/v62.0/sobjects/${type}/${row.Id}` } };
  for (const field of fields) out[field] = row[field] ?? null;
  if (roleFields) {
    const roles = store.contactRolesOf(row.Id);
    out.OpportunityContactRoles = roles.length
      ? {
          totalSize: roles.length,
          done: true,
          records: roles.map((role) => ({ attributes: { type: 'OpportunityContactRole', url: '' }, ...Object.fromEntries(roleFields.map((f) => [f, role[f] ?? null])) })),
        }
      : null;
  }
  return out;
}
