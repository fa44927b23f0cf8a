import { describe, expect, it } from 'vitest';
import { parseClamavAddress } from './parse-clamav-address.js';

describe('parseClamavAddress', () => {
  it('reads a host, a host and port, and IPv6 with or without brackets', () => {
    expect(parseClamavAddress('clamd')).toEqual({ host: 'clamd', port: 3310 });
    expect(parseClamavAddress(' clamd.internal:3311 ')).toEqual({ host: 'clamd.internal', port: 3311 });
    expect(parseClamavAddress('127.0.0.1:9999')).toEqual({ host: '127.0.0.1', port: 9999 });
    expect(parseClamavAddress('[::1]:3310')).toEqual({ host: '::1', port: 3310 });
    expect(parseClamavAddress('[fd00::5]')).toEqual({ host: 'fd00::5', port: 3310 });
    expect(parseClamavAddress('::1')).toEqual({ host: '::1', port: 3310 });
  });

  it('refuses what is not an address, naming the variable', () => {
    for (const bad of ['', 'clamd:', 'clamd:port', 'clamd:0', 'clamd:70000', '[::1]:x', '[::1', 'http://clamd:3310', 'a b:1']) {
      expect(() => parseClamavAddress(bad), bad).toThrow(/^CLAMAV_HOST must be/);
    }
  });
});
