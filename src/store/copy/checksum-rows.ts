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

/** A running checksum of rows read in primary-key order: SHA-256 over one JSON line of normalised values per row. */
export interface RowChecksum {
  add(row: readonly unknown[]): void;
  readonly rows: number;
  digest(): string;
}

export function createRowChecksum(): RowChecksum {
  const hash: Hash = createHash('sha256');
  let rows = 0;
  return {
    add(row) {
      hash.update(JSON.stringify(row.map(normaliseValue)));
      hash.update('\n');
      rows += 1;
    },
    get rows() {
      return rows;
    },
    digest: () => hash.digest('hex'),
  };
}
