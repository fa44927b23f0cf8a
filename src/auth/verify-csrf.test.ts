import { describe, expect, it } from 'vitest';
import { isCrossSiteRequest, verifyCsrf } from './verify-csrf.js';

describe('verifyCsrf', () => {
  const session = { csrfToken: 'k3y-0f-this-session' };

  it('accepts only the exact token of the session', () => {
    expect(verifyCsrf(session, 'k3y-0f-this-session')).toBe(true);
    expect(verifyCsrf(session, 'k3y-0f-this-sessioN')).toBe(false);
    expect(verifyCsrf(session, 'k3y')).toBe(false);
    expect(verifyCsrf(session, '')).toBe(false);
    expect(verifyCsrf(session, undefined)).toBe(false);
    expect(verifyCsrf(session, ['k3y-0f-this-session'])).toBe(false);
  });

  it('flags requests a browser labels cross-site', () => {
    expect(isCrossSiteRequest({ 'sec-fetch-site': 'cross-site' })).toBe(true);
    expect(isCrossSiteRequest({ 'sec-fetch-site': 'same-origin' })).toBe(false);
    expect(isCrossSiteRequest({ 'sec-fetch-site': 'none' })).toBe(false);
    expect(isCrossSiteRequest({})).toBe(false);
  });
});
