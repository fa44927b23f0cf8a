/**
 * The QuickBooks query language, the subset clients use: `SELECT * | COUNT(*) | fields FROM
 * Entity [WHERE cond AND cond ...] [ORDERBY field [ASC|DESC], ...] [STARTPOSITION n]
 * [MAXRESULTS n]`, conditions `=, <, >, <=, >=, IN (...), LIKE '%x%'`. Like QuickBooks: keywords
 * and field names are case-insensitive, there is no OR, STARTPOSITION is 1-based, MAXRESULTS is
 * capped at 1 000, and customers are listed active-only unless the query filters on Active.
 */
import { QBO_QUERYABLE, type QboEntity, type QboEntityName, type QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';

export class QueryError extends Error {}

type Value = string | number | boolean;
type Operator = '=' | '<' | '>' | '<=' | '>=' | '!=' | 'IN' | 'LIKE';
interface Condition {
  field: string;
  operator: Operator;
  value: Value | Value[];
}

export interface ParsedQuery {
  entity: QboEntityName;
  count: boolean;
  fields: string[] | null;
  where: Condition[];
  orderBy: { field: string; desc: boolean }[];
  startPosition: number;
  maxResults: number;
}

export const MAX_RESULTS = 1000;

type Token = { kind: 'word' | 'string' | 'number' | 'symbol'; text: string };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const char = query[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (char === "'") {
      let text = '';
      i++;
      while (i < query.length && query[i] !== "'") {
        // node-quickbooks escapes quotes inside values as \'
        if (query[i] === '\\' && i + 1 < query.length) i++;
        text += query[i++];
      }
      if (query[i] !== "'") throw new QueryError('QueryParserError: Encountered " <EOF> " at end of query: unterminated string');
      i++;
      tokens.push({ kind: 'string', text });
    } else if (/[0-9]/.test(char) || (char === '-' && /[0-9]/.test(query[i + 1] ?? ''))) {
      const match = /^-?\d+(\.\d+)?/.exec(query.slice(i))!;
      tokens.push({ kind: 'number', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(query.slice(i))!;
      tokens.push({ kind: 'word', text: match[0] });
      i += match[0].length;
    } else {
      const two = query.slice(i, i + 2);
      const symbol = ['<=', '>=', '!='].includes(two) ? two : char;
      if (!['<=', '>=', '!=', '=', '<', '>', '(', ')', ',', '*'].includes(symbol)) throw new QueryError(`QueryParserError: Encountered " "${symbol}" " at position ${i}`);
      tokens.push({ kind: 'symbol', text: symbol });
      i += symbol.length;
    }
  }
  return tokens;
}

export function parseQuery(query: string): ParsedQuery {
  const tokens = tokenize(query);
  let position = 0;
  const peek = () => tokens[position];
  const isWord = (word: string) => peek()?.kind === 'word' && peek()!.text.toLowerCase() === word;
  const expect = (description: string, test: (token: Token) => boolean): Token => {
    const token = tokens[position];
    if (!token || !test(token)) throw new QueryError(`QueryParserError: Encountered " ${token ? `"${token.text}"` : '<EOF>'} " where ${description} was expected`);
    position++;
    return token;
  };
  const keyword = (word: string) => expect(word.toUpperCase(), (token) => token.kind === 'word' && token.text.toLowerCase() === word);

  keyword('select');
  let count = false;
  let fields: string[] | null = null;
  if (peek()?.text === '*') {
    position++;
  } else if (isWord('count')) {
    position++;
    expect('"("', (t) => t.text === '(');
    expect('"*"', (t) => t.text === '*');
    expect('")"', (t) => t.text === ')');
    count = true;
  } else {
    fields = [expect('a field', (t) => t.kind === 'word').text];
    while (peek()?.text === ',') {
      position++;
      fields.push(expect('a field', (t) => t.kind === 'word').text);
    }
  }
  keyword('from');
  const entityWord = expect('an entity', (t) => t.kind === 'word').text;
  const entity = QBO_QUERYABLE.find((name) => name.toLowerCase() === entityWord.toLowerCase());
  if (!entity) throw new QueryError(`QueryValidationError: Entity ${entityWord} is not supported by the QuickBooks emulator`);

  const where: Condition[] = [];
  if (isWord('where')) {
    position++;
    for (;;) {
      where.push(readCondition());
      if (isWord('or')) throw new QueryError('QueryParserError: Encountered " "OR" " : OR is not supported');
      if (!isWord('and')) break;
      position++;
    }
  }
  const orderBy: ParsedQuery['orderBy'] = [];
  if (isWord('orderby') || isWord('order')) {
    if (isWord('order')) {
      position++;
      keyword('by');
    } else position++;
    for (;;) {
      const field = expect('a field', (t) => t.kind === 'word').text;
      let desc = false;
      if (isWord('asc') || isWord('desc')) desc = tokens[position++]!.text.toLowerCase() === 'desc';
      orderBy.push({ field, desc });
      if (peek()?.text !== ',') break;
      position++;
    }
  }
  let startPosition = 1;
  let maxResults = 100;
  while (isWord('startposition') || isWord('maxresults')) {
    const which = tokens[position++]!.text.toLowerCase();
    const value = Number(expect('a number', (t) => t.kind === 'number').text);
    if (which === 'startposition') startPosition = Math.max(1, value);
    else maxResults = Math.min(Math.max(value, 0), MAX_RESULTS);
  }
  if (position < tokens.length) throw new QueryError(`QueryParserError: Encountered " "${tokens[position]!.text}" " at the end of the query`);
  return { entity, count, fields, where, orderBy, startPosition, maxResults };

  function readValue(): Value {
    const token = expect('a value', (t) => t.kind !== 'symbol');
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'word') {
      if (token.text.toLowerCase() === 'true') return true;
      if (token.text.toLowerCase() === 'false') return false;
      throw new QueryError(`QueryParserError: Encountered " "${token.text}" " where a value was expected`);
    }
    return token.text;
  }

  function readCondition(): Condition {
    const field = expect('a field', (t) => t.kind === 'word').text;
    const opToken = tokens[position];
    if (opToken?.kind === 'word' && ['in', 'like'].includes(opToken.text.toLowerCase())) {
      position++;
      if (opToken.text.toLowerCase() === 'like') return { field, operator: 'LIKE', value: readValue() };
      expect('"("', (t) => t.text === '(');
      const values = [readValue()];
      while (peek()?.text === ',') {
        position++;
        values.push(readValue());
      }
      expect('")"', (t) => t.text === ')');
      return { field, operator: 'IN', value: values };
    }
    const operator = expect('an operator', (t) => t.kind === 'symbol' && ['=', '<', '>', '<=', '>=', '!='].includes(t.text)).text as Operator;
    return { field, operator, value: readValue() };
  }
}

/**
 * Field paths are case-insensitive (Metadata.LastUpdatedTime = MetaData.LastUpdatedTime); refs
 * compare by value. A path through a list (an Attachable's AttachableRef) reaches every element:
 * `AttachableRef.EntityRef.value = '130'` matches when any of its refs names invoice 130.
 */
function resolveAll(entity: unknown, path: string): unknown[] {
  let current: unknown[] = [entity];
  for (const segment of path.split('.')) {
    current = current
      .flatMap((item) => (Array.isArray(item) ? item : [item]))
      .map((item) => {
        if (!item || typeof item !== 'object') return undefined;
        const key = Object.keys(item).find((candidate) => candidate.toLowerCase() === segment.toLowerCase());
        return key === undefined ? undefined : (item as Record<string, unknown>)[key];
      })
      .filter((item) => item !== undefined);
  }
  return current.flatMap((item) => (Array.isArray(item) ? item : [item])).map((item) => (item && typeof item === 'object' && 'value' in item ? (item as { value: unknown }).value : item));
}

function resolve(entity: Record<string, unknown>, path: string): unknown {
  return resolveAll(entity, path)[0];
}

const isTimeField = (field: string) => /(lastupdatedtime|createtime)$/i.test(field);

function comparable(field: string, value: unknown): string | number | boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (isTimeField(field)) {
    const ms = Date.parse(String(value));
    if (Number.isNaN(ms)) throw new QueryError(`QueryValidationError: invalid date-time "${String(value)}" for ${field}`);
    return ms;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  const text = String(value);
  return /^-?\d+(\.\d+)?$/.test(text) && field.toLowerCase() !== 'docnumber' ? Number(text) : text;
}

function matches(entity: Record<string, unknown>, condition: Condition): boolean {
  return resolveAll(entity, condition.field).some((value) => matchesValue(value, condition));
}

function matchesValue(value: unknown, condition: Condition): boolean {
  const actual = comparable(condition.field, value);
  if (actual === undefined) return false;
  const values = Array.isArray(condition.value) ? condition.value : [condition.value];
  const wanted = values.map((value) => comparable(condition.field, value));
  const first = wanted[0]!;
  switch (condition.operator) {
    case 'IN':
      return wanted.some((value) => value === actual);
    case 'LIKE': {
      const pattern = new RegExp(`^${String(condition.value).split('%').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
      return pattern.test(String(value));
    }
    case '=':
      return typeof actual === 'string' && typeof first === 'string' ? actual.toLowerCase() === first.toLowerCase() : actual === first;
    case '!=':
      return actual !== first;
    case '<':
      return (actual as number) < (first as number);
    case '>':
      return (actual as number) > (first as number);
    case '<=':
      return (actual as number) <= (first as number);
    case '>=':
      return (actual as number) >= (first as number);
  }
}

function compare(a: Record<string, unknown>, b: Record<string, unknown>, orderBy: ParsedQuery['orderBy']): number {
  for (const { field, desc } of orderBy) {
    const left = comparable(field, resolve(a, field));
    const right = comparable(field, resolve(b, field));
    if (left === right) continue;
    if (left === undefined) return 1;
    if (right === undefined) return -1;
    return (left < right ? -1 : 1) * (desc ? -1 : 1);
  }
  return Number(a.Id) - Number(b.Id);
}

export type QueryAnswer = { totalCount: number } | { rows: Record<string, unknown>[]; startPosition: number };

export function runQuery(store: QuickBooksEmulatorStore, query: string): { entity: QboEntityName; answer: QueryAnswer } {
  const parsed = parseQuery(query);
  let rows: QboEntity[] = [...store.entities[parsed.entity].values()];
  if (parsed.entity === 'Customer' && !parsed.where.some((condition) => condition.field.toLowerCase() === 'active')) rows = rows.filter((row) => row.Active !== false);
  rows = rows.filter((row) => parsed.where.every((condition) => matches(row, condition)));
  if (parsed.count) return { entity: parsed.entity, answer: { totalCount: rows.length } };
  rows.sort((a, b) => compare(a, b, parsed.orderBy));
  const page = rows.slice(parsed.startPosition - 1, parsed.startPosition - 1 + parsed.maxResults);
  const projected = parsed.fields ? page.map((row) => project(row, parsed.fields!)) : page.map((row) => structuredClone(row));
  return { entity: parsed.entity, answer: { rows: projected, startPosition: parsed.startPosition } };
}

/** `SELECT a, b FROM ...` answers those fields (and the identity fields) with `sparse: true`. */
function project(row: QboEntity, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { domain: row.domain, sparse: true, Id: row.Id, SyncToken: row.SyncToken, MetaData: row.MetaData };
  for (const field of fields) {
    const key = Object.keys(row).find((candidate) => candidate.toLowerCase() === field.split('.')[0]!.toLowerCase());
    if (key) out[key] = structuredClone(row[key]);
  }
  return out;
}
