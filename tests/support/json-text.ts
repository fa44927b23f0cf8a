import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';

/**
 * Matches JSON text that holds `value`, whatever its spacing and key order: a record's data comes back
 * as JSON.stringify wrote it on SQLite, and as jsonb writes it on PostgreSQL (migration 24).
 */
export function jsonText(value: unknown): unknown {
  return expect.toSatisfy((text: unknown) => typeof text === 'string' && isDeepStrictEqual(JSON.parse(text), value), `JSON text of ${JSON.stringify(value)}`);
}
