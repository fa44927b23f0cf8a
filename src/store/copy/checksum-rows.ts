import { createHash, type Hash } from 'node:crypto';

/**
 * One value as both engines hand it back, reduced to what it means: a number (SQLite's bigint and
 * PostgreSQL's parsed int8 alike), a string (text and citext), or null. A value stored as text on
 * one side and as a number on the other therefore does not match.
 */
export function normaliseValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return `n:${String(value)}`;
  if (typeof value === 'string') return `s:${value}`;
  if (typeof value === 'boolean') return `n:${value ? 1 : 0}`;
  if (value instanceof Uint8Array) return `b:${Buffer.from(value).toString('hex')}`;
  throw new TypeError(`cannot checksum a value of type ${typeof value}`);
}

/** JSON text with object keys sorted and no spacing: jsonb gives data back in its own key order and spacing. */
function canonicalJson(text: string): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(object).sort().map((key) => [key, sorted(object[key])]));
  };
  return JSON.stringify(sorted(JSON.parse(text)));
}

/** A running checksum of rows read in primary-key order: SHA-256 over one JSON line of normalised values per row. */
export interface RowChecksum {
  add(row: readonly unknown[]): void;
  readonly rows: number;
  digest(): string;
}

/** `json[i]` marks a column holding JSON (a jsonb column on PostgreSQL): compared as its value, whatever the spacing and key order. */
export function createRowChecksum(json: readonly boolean[] = []): RowChecksum {
  const hash: Hash = createHash('sha256');
  let rows = 0;
  return {
    add(row) {
      hash.update(JSON.stringify(row.map((value, i) => (json[i] && typeof value === 'string' ? `j:${canonicalJson(value)}` : normaliseValue(value)))));
      hash.update('\n');
      rows += 1;
    },
    get rows() {
      return rows;
    },
    digest: () => hash.digest('hex'),
  };
}
