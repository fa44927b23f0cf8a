import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { contentHash, recordContentHash, stableStringify } from './content-hash.js';

/** The form every stored hash was made with: the faster loop must give the very same text. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

const samples: unknown[] = [
  null,
  0,
  -1.5,
  'text with "quotes" and \u2028 and é',
  true,
  [],
  {},
  [1, 'two', null, undefined, { b: 1, a: [2, { d: undefined, c: 3 }] }],
  { z: 1, a: undefined, m: new Date('2026-12-07T08:00:00Z'), nested: { '10': 'ten', '9': 'nine', B: 'upper', a: 'lower' } },
  [{ b: { '0': 'digit key deep in an array', a: 1 } }],
  JSON.parse('{"__proto__": {"b": 1, "a": 2}, "x": 1}'),
  { f: () => 1, list: [() => 1, Symbol('s')], when: [new Date('2026-01-01T00:00:00Z')] },
  { properties: { name: 'Acme', domain: 'acme.example', hs_lastmodifieddate: '2026-11-01T00:00:00Z' }, associations: { companies: { results: [{ id: '7', type: 'deal_to_company' }] } }, archived: false },
];

describe('stable JSON and content hashes', () => {
  it('writes exactly the text the stored hashes were made from', () => {
    for (const value of samples) expect(stableStringify(value)).toBe(reference(value));
  });

  it('hashes a record from its payload text exactly as from the object', () => {
    for (const raw of samples.filter((s) => s !== undefined)) {
      for (const deleted of [false, true]) {
        const expected = createHash('sha256').update(reference({ kind: 'deal', raw, deleted })).digest('base64url');
        expect(recordContentHash('deal', stableStringify(raw), deleted)).toBe(expected);
        expect(contentHash({ kind: 'deal', raw, deleted })).toBe(expected);
      }
    }
  });
});
