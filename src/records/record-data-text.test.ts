import { describe, expect, it } from 'vitest';
import { recordDataText } from './record-data-text.js';

describe('recordDataText', () => {
  it('is JSON.stringify, with U+0000 in any string (key or value, nested) kept as U+FFFD', () => {
    expect(recordDataText({ name: 'Acme', n: 1 })).toBe('{"name":"Acme","n":1}');
    const text = recordDataText({ name: 'Ac\u0000me', tags: ['\u0000', { 'k\u0000': 'v' }] });
    expect(JSON.parse(text)).toEqual({ name: 'Ac\uFFFDme', tags: ['\uFFFD', { 'k\uFFFD': 'v' }] });
  });

  it('leaves text that only looks like the escape: a backslash followed by "u0000"', () => {
    const data = { note: 'C:\\u0000dir', both: '\\\u0000', even: '\\\\u0000' };
    expect(JSON.parse(recordDataText(data))).toEqual({ note: 'C:\\u0000dir', both: '\\\uFFFD', even: '\\\\u0000' });
  });
});
