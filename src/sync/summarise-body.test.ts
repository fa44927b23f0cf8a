import { describe, expect, it } from 'vitest';
import { parseBodyJson, summariseBody } from './summarise-body.js';
import { readXeroFailure } from '../../connectors/xero/call-xero.js';

describe('provider bodies in errors and logs', () => {
  const pdfBytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x90, 10, 13])]);

  it('summarises binary by its size, decodes readable bytes, clips long text', () => {
    expect(summariseBody(pdfBytes)).toBe(`(${pdfBytes.length} bytes of binary content)`);
    // A Buffer that went through JSON.stringify, as xero-node hands its failures over.
    expect(summariseBody(JSON.parse(JSON.stringify(pdfBytes)))).toBe(`(${pdfBytes.length} bytes of binary content)`);
    expect(summariseBody(new Uint8Array(Buffer.from('Rate limit exceeded')))).toBe('Rate limit exceeded');
    expect(summariseBody('x'.repeat(1000))).toMatch(/^x{300}… \(1000 characters\)$/);
    expect(summariseBody({ nested: { file: pdfBytes } })).toBe(`{"nested":{"file":"(${pdfBytes.length} bytes of binary content)"}}`);
    expect(summariseBody(Buffer.alloc(0))).toBe('');
    expect(parseBodyJson(Buffer.from('{"Detail":"Too many"}'))).toEqual({ Detail: 'Too many' });
    expect(parseBodyJson(pdfBytes)).toBeUndefined();
  });

  it('reads a Xero failure to a PDF request (its body in bytes, stringified) without dumping them', () => {
    const rejected = (body: Buffer, headers: Record<string, string>) => JSON.stringify({ response: { statusCode: 429, body, headers }, body });
    const binary = readXeroFailure(rejected(pdfBytes, { 'retry-after': '2' }));
    expect(binary).toEqual({ status: 429, headers: { 'retry-after': '2' }, message: `(${pdfBytes.length} bytes of binary content)` });
    expect(readXeroFailure(rejected(Buffer.alloc(0), { 'retry-after': '2', 'x-rate-limit-problem': 'minute' })).message).toBe('rate limit reached (minute)');
    expect(readXeroFailure(rejected(Buffer.from('{"Title":"Forbidden","Detail":"AuthenticationUnsuccessful"}'), {})).message).toBe('AuthenticationUnsuccessful');
    // No answer at all (xero-node reports status 0): a network failure, not an HTTP status.
    expect(readXeroFailure(JSON.stringify({ response: { statusCode: 0, body: 'timeout of 30000ms exceeded', headers: {} } }))).toMatchObject({ status: undefined, message: 'timeout of 30000ms exceeded' });
  });

  it('summarises an HTML page (a load balancer answering for the provider) by its title, in bytes or text', () => {
    const page = '<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503</h1>' + 'x'.repeat(5000) + '</body></html>';
    expect(summariseBody(page)).toBe('an HTML page titled "503 Service Temporarily Unavailable"');
    expect(summariseBody(Buffer.from(page))).toBe('an HTML page titled "503 Service Temporarily Unavailable"');
  });
});
