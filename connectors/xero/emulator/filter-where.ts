/**
 * Xero's `where` and `order` parameters: a .NET-flavoured expression language.
 * `Type=="ACCREC" AND Status!="DELETED"`, `PaymentID==Guid("…") OR …`, `Date>=DateTime(2026, 11, 01)`,
 * `AmountDue>0`, `Name.Contains("North")`, `EmailAddress!=null`, parentheses; `order=UpdatedDateUTC ASC, Name`.
 * String and Guid equality ignore case, as Xero's does. Unknown syntax is a QueryParseException.
 */
import { parseXeroDate } from './xero-dates.js';

export class WhereError extends Error {}

type Literal = string | number | boolean | null | { date: number } | { guid: string };
type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'compare'; path: string; operator: string; value: Literal }
  | { kind: 'method'; path: string; method: 'contains' | 'startswith' | 'endswith'; value: string };

type Token = { kind: 'word' | 'string' | 'number' | 'symbol'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const string = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    const symbol = /^(==|!=|>=|<=|&&|\|\||[<>(),])/.exec(rest);
    if (string) tokens.push({ kind: 'string', text: string[1]!.replace(/\\(.)/g, '$1') });
    else if (number) tokens.push({ kind: 'number', text: number[0] });
    else if (word) tokens.push({ kind: 'word', text: word[0] });
    else if (symbol) tokens.push({ kind: 'symbol', text: symbol[0] });
    else throw new WhereError(`Unexpected character '${rest[0]}' at position ${i}`);
    i += (string ?? number ?? word ?? symbol)![0].length;
  }
  return tokens;
}

export function parseWhere(text: string): Node {
  const tokens = tokenize(text);
  let position = 0;
  const peek = () => tokens[position];
  const take = (description: string, test: (token: Token) => boolean): Token => {
    const token = tokens[position];
    if (!token || !test(token)) throw new WhereError(`Expected ${description} but found ${token ? `'${token.text}'` : 'the end'}`);
    position++;
    return token;
  };
  const isConnective = (words: string[]) => {
    const token = peek();
    return token !== undefined && words.includes(token.text.toUpperCase());
  };

  const literal = (): Literal => {
    const token = take('a value', (t) => t.kind !== 'symbol');
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    const word = token.text.toLowerCase();
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    if (word === 'guid') {
      take('(', (t) => t.text === '(');
      const guid = take('a quoted guid', (t) => t.kind === 'string').text;
      take(')', (t) => t.text === ')');
      return { guid: guid.toLowerCase() };
    }
    if (word === 'datetime') {
      take('(', (t) => t.text === '(');
      const parts = [Number(take('a year', (t) => t.kind === 'number').text)];
      while (peek()?.text === ',') {
        position++;
        parts.push(Number(take('a number', (t) => t.kind === 'number').text));
      }
      take(')', (t) => t.text === ')');
      const [year, month = 1, dayOfMonth = 1, hour = 0, minute = 0, second = 0] = parts;
      return { date: Date.UTC(year!, month - 1, dayOfMonth, hour, minute, second) };
    }
    throw new WhereError(`Unknown value '${token.text}'`);
  };

  const primary = (): Node => {
    if (peek()?.text === '(') {
      position++;
      const inner = or();
      take(')', (t) => t.text === ')');
      return inner;
    }
    const path = take('a field', (t) => t.kind === 'word').text;
    const methodMatch = /^(.*)\.(Contains|StartsWith|EndsWith)$/i.exec(path);
    if (methodMatch) {
      take('(', (t) => t.text === '(');
      const value = take('a quoted string', (t) => t.kind === 'string').text;
      take(')', (t) => t.text === ')');
      return { kind: 'method', path: methodMatch[1]!, method: methodMatch[2]!.toLowerCase() as 'contains', value };
    }
    const operator = take('an operator', (t) => ['==', '!=', '>', '<', '>=', '<='].includes(t.text)).text;
    return { kind: 'compare', path, operator, value: literal() };
  };
  const and = (): Node => {
    let left = primary();
    while (isConnective(['AND', '&&'])) {
      position++;
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (isConnective(['OR', '||'])) {
      position++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const tree = or();
  if (position < tokens.length) throw new WhereError(`Unexpected '${tokens[position]!.text}'`);
  return tree;
}

export function fieldValue(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const segment of path.split('.')) {
    if (!current || typeof current !== 'object') return undefined;
    const key = Object.keys(current).find((candidate) => candidate.toLowerCase() === segment.toLowerCase());
    current = key === undefined ? undefined : (current as Record<string, unknown>)[key];
  }
  return current;
}

function compare(actual: unknown, operator: string, value: Literal): boolean {
  if (value === null) return operator === '==' ? actual == null || actual === '' : actual != null && actual !== '';
  let left: unknown = actual;
  let right: unknown = value;
  if (typeof value === 'object' && 'date' in value) {
    left = parseXeroDate(actual);
    right = value.date;
  } else if (typeof value === 'object' && 'guid' in value) {
    left = typeof actual === 'string' ? actual.toLowerCase() : actual;
    right = value.guid;
  } else if (typeof value === 'string' && typeof actual === 'string') {
    left = actual.toLowerCase();
    right = value.toLowerCase();
  }
  if (left == null) return operator === '!=';
  switch (operator) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '>':
      return (left as number) > (right as number);
    case '<':
      return (left as number) < (right as number);
    case '>=':
      return (left as number) >= (right as number);
    default:
      return (left as number) <= (right as number);
  }
}

export function matchesWhere(record: Record<string, unknown>, node: Node): boolean {
  switch (node.kind) {
    case 'and':
      return matchesWhere(record, node.left) && matchesWhere(record, node.right);
    case 'or':
      return matchesWhere(record, node.left) || matchesWhere(record, node.right);
    case 'method': {
      const text = String(fieldValue(record, node.path) ?? '').toLowerCase();
      const wanted = node.value.toLowerCase();
      return node.method === 'contains' ? text.includes(wanted) : node.method === 'startswith' ? text.startsWith(wanted) : text.endsWith(wanted);
    }
    case 'compare':
      return compare(fieldValue(record, node.path), node.operator, node.value);
  }
}

/** `order=UpdatedDateUTC ASC, Name DESC`: dates by instant, the rest by value. */
export function sortByOrder(records: Record<string, unknown>[], order: string | undefined): Record<string, unknown>[] {
  if (!order) return records;
  const keys = order.split(',').map((part) => {
    const [path, direction] = part.trim().split(/\s+/);
    if (!path || (direction && !/^(asc|desc)$/i.test(direction))) throw new WhereError(`Cannot order by '${part.trim()}'`);
    return { path, desc: direction?.toLowerCase() === 'desc' };
  });
  const sortable = (value: unknown) => (typeof value === 'string' && value.startsWith('/Date(') ? parseXeroDate(value) : value);
  return [...records].sort((a, b) => {
    for (const { path, desc } of keys) {
      const left = sortable(fieldValue(a, path)) as string | number;
      const right = sortable(fieldValue(b, path)) as string | number;
      if (left === right) continue;
      return (left < right ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  });
}
